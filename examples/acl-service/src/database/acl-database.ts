import { DatabaseConnection } from './database-connection.js';
import { startDatabaseProcess } from './database-process.js';
import { databasePort } from './database-protocol.js';
import type { SeedOptions } from './seed-data.js';

/** What repositories and loaders run SQL on: the database or an open transaction. */
export interface Queryable {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The service's database: PGlite (Postgres compiled to WebAssembly) in its own
 * process, reached over a loopback socket, so the service's event loop waits
 * for queries instead of running them (as with a database server). Every
 * statement the service runs goes through `query` or `transaction` and is
 * counted, so the demo can report how many queries the cache saved.
 * `uncounted` is for the demo's own truth checks.
 */
export class AclDatabase implements Queryable {
  readonly #connection: DatabaseConnection;
  readonly #stopOwned: (() => Promise<void>) | undefined;
  #queries = 0;

  private constructor(connection: DatabaseConnection, stopOwned?: () => Promise<void>) {
    this.#connection = connection;
    this.#stopOwned = stopOwned;
  }

  /**
   * Starts a database process of its own (seeded at start, stopped by `close`)
   * and connects to it: the embedded default, nothing to install.
   */
  static async open(seed: SeedOptions = {}): Promise<AclDatabase> {
    const owned = await startDatabaseProcess(seed);
    try {
      return new AclDatabase(await DatabaseConnection.open(databasePort(owned.url)), owned.stop);
    } catch (error) {
      await owned.stop();
      throw error;
    }
  }

  /** Connects to a running database process (`pcdb://127.0.0.1:<port>`), shared with others. */
  static async connect(url: string): Promise<AclDatabase> {
    return new AclDatabase(await DatabaseConnection.open(databasePort(url)));
  }

  /** Statements run through `query` and `transaction` since the start. */
  get queryCount(): number {
    return this.#queries;
  }

  /** Runs one counted statement. */
  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.#queries += 1;
    return this.#run<Row>(sql, params);
  }

  /** Runs `fn` in one transaction (commit on resolve, rollback on throw); statements are counted. */
  async transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R> {
    const { transaction } = await this.#connection.send({ op: 'begin' });
    let result: R;
    try {
      result = await fn({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => {
          this.#queries += 1;
          return this.#run<Row>(sql, params, transaction);
        },
      });
    } catch (error) {
      await this.#connection.send({ op: 'rollback', transaction: transaction! });
      throw error;
    }
    await this.#connection.send({ op: 'commit', transaction: transaction! });
    return result;
  }

  /** Reads that the service's numbers must not include (the demo's truth checks). */
  readonly uncounted: Queryable = {
    query: <Row>(sql: string, params: readonly unknown[] = []) => this.#run<Row>(sql, params),
  };

  /** Makes the database refuse every statement for `milliseconds` (the demo's outage phase). */
  async simulateOutage(milliseconds: number): Promise<void> {
    await this.#connection.send({ op: 'outage', milliseconds });
  }

  /** CPU time the database process has used since it started, in microseconds. */
  async cpuMicroseconds(): Promise<number> {
    return (await this.#connection.send({ op: 'cpu' })).cpuMicroseconds ?? 0;
  }

  async close(): Promise<void> {
    await this.#connection.close();
    await this.#stopOwned?.();
  }

  async #run<Row>(sql: string, params: readonly unknown[], transaction?: number): Promise<Row[]> {
    const response = await this.#connection.send({
      op: 'query',
      sql,
      params,
      ...(transaction === undefined ? {} : { transaction }),
    });
    return (response.rows ?? []) as Row[];
  }
}
