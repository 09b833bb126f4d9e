import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from './http-error.js';
import type { Router } from './router.js';

/** A listening server and how to stop it. */
export interface RunningHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `router` on node:http, JSON in and out, on loopback only. */
export async function listen(router: Router, port: number): Promise<RunningHttpServer> {
  const server: Server = createServer((request, response) => {
    router.handle(request).then(
      (reply) => send(reply.status, reply.body),
      (error: unknown) => {
        if (error instanceof HttpError) send(error.status, { error: error.message });
        else if (isForeignKeyViolation(error))
          send(404, { error: 'user, group or account not found' });
        else {
          console.error('[acl-service] request failed:', error);
          send(500, { error: 'internal error' });
        }
      },
    );
    function send(status: number, body: unknown): void {
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// Postgres reports a write that names a missing user, group or account as 23503.
function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23503';
}
