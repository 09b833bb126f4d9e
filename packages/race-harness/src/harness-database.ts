import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ItemRow } from './ipc-messages.js';

/**
 * The source of truth of a run: PGlite (Postgres in WebAssembly) in the parent
 * process, table `items(id int primary key, version int, tag text)`. Workers reach
 * it only through the parent (IPC), never directly.
 */
export class HarnessDatabase {
  readonly #db: PGlite;
  #statements = 0;

  private constructor(db: PGlite) {
    this.#db = db;
  }

  /**
   * Opens a fresh in-memory database. `initdb` is most of PGlite's start-up, so
   * the empty data directory it produces is kept in the temp dir and loaded from
   * there next time (a second or more saved on a busy machine).
   */
  static async open(): Promise<HarnessDatabase> {
    const db = await openPglite();
    await db.exec(
      'create table if not exists items (id int primary key, version int not null, tag text not null)',
    );
    return new HarnessDatabase(db);
  }

  /** Statements run since the database was opened. */
  get statements(): number {
    return this.#statements;
  }

  /** Empties the table and inserts ids 1..items at version 1, tagged `group-<id % groups>`. */
  async reset(items: number, groups: number): Promise<void> {
    const ids = Array.from({ length: items }, (_, index) => index + 1);
    await this.#db.transaction(async (tx) => {
      await tx.exec('delete from items');
      await tx.query(
        "insert into items select id, 1, 'group-' || (id % $2) from unnest($1::int[]) as id",
        [ids, groups],
      );
    });
    this.#statements += 2;
  }

  /** The rows of `ids` (a loader's read). */
  async read(ids: readonly number[]): Promise<ItemRow[]> {
    this.#statements++;
    const result = await this.#db.query<ItemRow>(
      'select id, version, tag from items where id = any($1::int[])',
      [ids],
    );
    return result.rows.map((row) => ({ id: row.id, version: row.version, tag: row.tag }));
  }

  /** Bumps the version of `id` in a transaction; resolves with the committed version. */
  async bump(id: number): Promise<number> {
    this.#statements++;
    return this.#db.transaction(async (tx) => {
      const result = await tx.query<{ version: number }>(
        'update items set version = version + 1 where id = $1 returning version',
        [id],
      );
      const row = result.rows[0];
      if (row === undefined) throw new RangeError(`no item ${id}`);
      return row.version;
    });
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}

const DATA_DIRECTORY_CACHE = join(tmpdir(), 'pc-race-harness-pglite-0.5.16.tar.gz');

async function openPglite(): Promise<PGlite> {
  if (existsSync(DATA_DIRECTORY_CACHE)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(DATA_DIRECTORY_CACHE)]) });
    } catch {
      // A damaged cache: start from scratch below (and overwrite it).
    }
  }
  const db = await PGlite.create();
  try {
    const dump = await db.dumpDataDir('gzip');
    const partial = `${DATA_DIRECTORY_CACHE}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, DATA_DIRECTORY_CACHE);
  } catch {
    // Only a cache: the next run initialises again.
  }
  return db;
}
