import { connect } from 'node:net';
import { LOOPBACK_HOST } from './test-services-defaults.js';

/**
 * Sends one plain-text command to a loopback server and resolves with the reply once
 * `isComplete` accepts it. Rejects on connection errors or after `timeoutMilliseconds`.
 * Enough for PING, INFO, CLUSTER INFO and memcached's `version`/`stats`; tests use real clients.
 */
export function sendCommand(
  port: number,
  command: string,
  isComplete: (reply: string) => boolean,
  timeoutMilliseconds = 1_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect({ host: LOOPBACK_HOST, port });
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMilliseconds, () =>
      socket.destroy(new Error(`no complete reply to ${JSON.stringify(command)} on port ${port}`)),
    );
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (isComplete(reply)) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connection to port ${port} closed early`)));
  });
}

/** A RESP bulk string reply (`$<n>\r\n<data>\r\n`) has fully arrived. */
export function isCompleteBulkReply(reply: string): boolean {
  if (reply.startsWith('-')) return reply.endsWith('\r\n');
  const header = /^\$(\d+)\r\n/.exec(reply);
  if (header === null) return false;
  return Buffer.byteLength(reply) >= header[0].length + Number(header[1]) + 2;
}

/** The body of a RESP bulk string reply; throws on an error reply. */
export function bulkBody(reply: string): string {
  if (reply.startsWith('-')) throw new Error(reply.trim());
  return reply.slice(reply.indexOf('\r\n') + 2, -2);
}
