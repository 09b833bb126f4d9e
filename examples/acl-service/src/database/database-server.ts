import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { DatabaseRequest, DatabaseResponse } from './database-protocol.js';

/** A running database server and the way to stop it. */
export interface DatabaseServer {
  /** `pcdb://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

interface OpenTransaction {
  readonly tx: Transaction;
  /** Ends the transaction: commit (`true`) or rollback. Resolves once it ended. */
  finish(commit: boolean): Promise<void>;
}

const ROLLBACK = Symbol('rollback');

/**
 * Serves `db` over loopback TCP (see database-protocol.ts). PGlite runs one
 * statement at a time and queues the rest; a transaction holds it until its
 * commit or rollback, so statements of other connections wait rather than
 * interleave with it. A connection that closes with a transaction open rolls it back.
 */
export function serveDatabase(db: PGlite, port = 0): Promise<DatabaseServer> {
  const transactions = new Map<number, OpenTransaction>();
  let nextTransaction = 1;
  let unavailableUntil = 0;

  const begin = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const id = nextTransaction++;
      let decide!: (commit: boolean) => void;
      const decision = new Promise<boolean>((resolveDecision) => {
        decide = resolveDecision;
      });
      // Settles with the error that ended the transaction, or undefined.
      const ended: Promise<unknown> = db
        .transaction(async (tx) => {
          transactions.set(id, {
            tx,
            finish: async (commit) => {
              decide(commit);
              const error = await ended;
              if (error !== undefined) throw error;
            },
          });
          resolve(id);
          if (!(await decision)) throw ROLLBACK;
        })
        .then(
          () => undefined,
          (error: unknown) => {
            reject(error);
            return error === ROLLBACK ? undefined : error;
          },
        )
        .finally(() => transactions.delete(id));
    });

  const handle = async (request: DatabaseRequest): Promise<Omit<DatabaseResponse, 'id'>> => {
    if (request.op === 'cpu') {
      const { user, system } = process.cpuUsage();
      return { cpuMicroseconds: user + system };
    }
    if (request.op === 'outage') {
      unavailableUntil = Date.now() + request.milliseconds;
      return {};
    }
    if (Date.now() < unavailableUntil) {
      return { error: 'database unavailable (outage)', unavailable: true };
    }
    switch (request.op) {
      case 'query': {
        const runner =
          request.transaction === undefined ? db : transactions.get(request.transaction)?.tx;
        if (runner === undefined) return { error: `no open transaction ${request.transaction}` };
        const result = await runner.query(request.sql, request.params as unknown[]);
        return { rows: result.rows };
      }
      case 'begin':
        return { transaction: await begin() };
      case 'commit':
      case 'rollback': {
        const open = transactions.get(request.transaction);
        if (open === undefined) return { error: `no open transaction ${request.transaction}` };
        await open.finish(request.op === 'commit');
        return {};
      }
    }
  };

  const connect = (socket: Socket) => {
    socket.setNoDelay(true);
    const mine = new Set<number>();
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        const request = JSON.parse(line) as DatabaseRequest;
        handle(request).then(
          (response) => {
            if (response.transaction !== undefined) mine.add(response.transaction);
            if (request.op === 'commit' || request.op === 'rollback') {
              mine.delete(request.transaction);
            }
            reply(socket, { id: request.id, ...response });
          },
          (error: unknown) => {
            const code = (error as { code?: unknown } | null)?.code;
            reply(socket, {
              id: request.id,
              error: error instanceof Error ? error.message : String(error),
              ...(typeof code === 'string' ? { code } : {}),
            });
          },
        );
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      for (const id of mine) void transactions.get(id)?.finish(false);
    });
  };

  const server: Server = createServer(connect);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        url: `pcdb://127.0.0.1:${bound}`,
        close: () =>
          new Promise<void>((resolveClose) => {
            server.close(() => resolveClose());
          }),
      });
    });
  });
}

function reply(socket: Socket, response: DatabaseResponse): void {
  if (!socket.writable) return;
  // Postgres int8 arrives as bigint; the service's ids and counts fit a number.
  socket.write(
    `${JSON.stringify(response, (_, value) => (typeof value === 'bigint' ? Number(value) : value))}\n`,
  );
}
