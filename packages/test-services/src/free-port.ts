import { createServer } from 'node:net';
import { LOOPBACK_HOST } from './test-services-defaults.js';

const handedOut = new Set<number>();

/**
 * A loopback port nothing listens on right now. Another process can still take it
 * before our server binds it, so servers check that the process answering is their
 * own (by PID) and retry on a new port.
 */
export async function findFreePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, LOOPBACK_HOST, () => {
        const address = server.address();
        const chosen = typeof address === 'object' && address !== null ? address.port : 0;
        server.close(() => resolve(chosen));
      });
    });
    // The cluster bus port of a node defaults to port + 10000; stay below 55535 so
    // nothing we hand out can collide with a default bus port we did not choose.
    if (port > 0 && port < 55_535 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
