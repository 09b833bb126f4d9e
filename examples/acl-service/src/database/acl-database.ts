import { PGlite, type Transaction } from '@electric-sql/pglite';
import { SCHEMA_SQL } from './schema.js';
import { generateSeedData, type SeedOptions } from './seed-data.js';

/** What repositories and loaders run SQL on: the database or an open transaction. */
export interface Queryable {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The service's database: PGlite (Postgres compiled to WebAssembly) in memory,
 * created and seeded at start. Every statement the service runs goes through
 * `query` or `transaction` and is counted, so the demo can report how many
 * queries the cache saved. `uncounted` is for the demo's own truth checks.
 */
export class AclDatabase implements Queryable {
  readonly #db: PGlite;
  #queries = 0;

  private constructor(db: PGlite) {
    this.#db = db;
  }

  /** Creates the database, its schema and its seed rows. */
  static async open(seed: SeedOptions = {}): Promise<AclDatabase> {
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
    return new AclDatabase(db);
  }

  /** Statements run through `query` and `transaction` since the start. */
  get queryCount(): number {
    return this.#queries;
  }

  /** Runs one counted statement. */
  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.#queries += 1;
    const result = await this.#db.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  /** Runs `fn` in one transaction (commit on resolve, rollback on throw); statements are counted. */
  async transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R> {
    return this.#db.transaction(async (tx: Transaction) =>
      fn({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => {
          this.#queries += 1;
          return (await tx.query<Row>(sql, params as unknown[])).rows;
        },
      }),
    );
  }

  /** Reads that the service's numbers must not include (the demo's truth checks). */
  readonly uncounted: Queryable = {
    query: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await this.#db.query<Row>(sql, params as unknown[])).rows,
  };

  async close(): Promise<void> {
    await this.#db.close();
  }
}
