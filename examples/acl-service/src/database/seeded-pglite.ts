import { PGlite } from '@electric-sql/pglite';
import { SCHEMA_SQL } from './schema.js';
import { generateSeedData, type SeedOptions } from './seed-data.js';

/** A new in-memory PGlite with the service's schema and deterministic seed rows. */
export async function openSeededPglite(seed: SeedOptions = {}): Promise<PGlite> {
  const db = await PGlite.create();
  await db.exec(SCHEMA_SQL);
  const data = generateSeedData(seed);
  await db.transaction(async (tx) => {
    await tx.query('insert into accounts select * from unnest($1::int[], $2::text[])', [
      data.accounts.map((row) => row.id),
      data.accounts.map((row) => row.name),
    ]);
    await tx.query('insert into users select * from unnest($1::int[], $2::text[], $3::text[])', [
      data.users.map((row) => row.id),
      data.users.map((row) => row.name),
      data.users.map((row) => row.email),
    ]);
    await tx.query('insert into groups select * from unnest($1::int[], $2::text[])', [
      data.groups.map((row) => row.id),
      data.groups.map((row) => row.name),
    ]);
    await tx.query('insert into memberships select * from unnest($1::int[], $2::int[])', [
      data.memberships.map((row) => row.userId),
      data.memberships.map((row) => row.groupId),
    ]);
    await tx.query('insert into acls select * from unnest($1::int[], $2::int[], $3::text[])', [
      data.acls.map((row) => row.accountId),
      data.acls.map((row) => row.groupId),
      data.acls.map((row) => row.permission),
    ]);
  });
  await db.exec('analyze');
  return db;
}
