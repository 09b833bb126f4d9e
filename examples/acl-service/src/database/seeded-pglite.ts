import { PGlite } from '@electric-sql/pglite';
import { CONSTRAINTS_SQL, SCHEMA_SQL } from './schema.js';
import { type SeedOptions, seedStatements } from './seed-data.js';

/** A new in-memory PGlite with the service's schema and deterministic seed rows. */
export async function openSeededPglite(seed: SeedOptions = {}): Promise<PGlite> {
  const db = await PGlite.create();
  await db.transaction(async (tx) => {
    await tx.exec(SCHEMA_SQL);
    for (const statement of seedStatements(seed)) await tx.exec(statement);
    await tx.exec(CONSTRAINTS_SQL);
  });
  await db.exec('analyze');
  return db;
}
