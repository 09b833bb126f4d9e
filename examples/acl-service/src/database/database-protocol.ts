/**
 * The wire protocol between the service and its database process: one JSON
 * object per line over a loopback TCP socket, each request answered by one
 * response with the same `id` (answers may come in any order).
 */
export type DatabaseRequest =
  | {
      readonly id: number;
      readonly op: 'query';
      readonly sql: string;
      readonly params: readonly unknown[];
      /** The open transaction to run in; absent: outside any transaction. */
      readonly transaction?: number;
    }
  | { readonly id: number; readonly op: 'begin' }
  | { readonly id: number; readonly op: 'commit' | 'rollback'; readonly transaction: number }
  /** Makes the database refuse every statement for `milliseconds` (the demo's outage). */
  | { readonly id: number; readonly op: 'outage'; readonly milliseconds: number }
  /** CPU time the database process has used (the demo reports it per request). */
  | { readonly id: number; readonly op: 'cpu' };

/** The answer to one request: rows, a new transaction id, or an error message. */
export interface DatabaseResponse {
  readonly id: number;
  readonly rows?: readonly unknown[];
  readonly transaction?: number;
  readonly error?: string;
  /** With `error`: the Postgres SQLSTATE, e.g. `23503` (a foreign key names a missing row). */
  readonly code?: string;
  /** Answer to `cpu`: user + system CPU time of the database process, in microseconds. */
  readonly cpuMicroseconds?: number;
  /** Set with `error` when the database refuses statements (outage). */
  readonly unavailable?: boolean;
}

/** The first line the database process prints once it accepts connections. */
export const DATABASE_BANNER = /^acl-database listening on (pcdb:\/\/127\.0\.0\.1:\d+)$/m;

/** Turns `pcdb://127.0.0.1:<port>` into a port, or throws naming the variable. */
export function databasePort(url: string): number {
  const match = /^pcdb:\/\/127\.0\.0\.1:(\d+)$/.exec(url);
  if (match === null) {
    throw new Error(
      `[acl-service] PC_DATABASE_URL must look like pcdb://127.0.0.1:<port>, got "${url}"`,
    );
  }
  return Number(match[1]);
}
