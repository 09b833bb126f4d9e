import { connect } from 'node:net';

/**
 * Writes `bytes` to the memcached at `location` on a fresh socket, byte for byte
 * (no client in between: hostile data goes in exactly as given), and resolves
 * with the reply once it ends with one of `endings`.
 */
export function rawExchange(
  location: string,
  bytes: string | Buffer,
  endings: readonly string[] = ['STORED\r\n', 'END\r\n', 'DELETED\r\n', 'NOT_FOUND\r\n'],
): Promise<Buffer> {
  const [host, port] = location.split(':');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: host!, port: Number(port) });
    socket.setTimeout(5000, () => socket.destroy(new Error(`no reply on ${location}`)));
    socket.once('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const reply = Buffer.concat(chunks);
      const text = reply.toString('latin1');
      if (endings.some((ending) => text.endsWith(ending))) {
        socket.destroy();
        resolve(reply);
      } else if (/^(SERVER_ERROR|CLIENT_ERROR|ERROR)/.test(text) && text.endsWith('\r\n')) {
        socket.destroy();
        reject(new Error(`memcached on ${location} answered ${text.trim()}`));
      }
    });
    socket.once('error', reject);
  });
}

/** Stores `data` under `key` with `flags`, as any other client of the server could. */
export async function rawSet(
  location: string,
  key: string,
  data: string | Buffer,
  flags = 0,
): Promise<void> {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  await rawExchange(
    location,
    Buffer.concat([
      Buffer.from(`set ${key} ${flags} 0 ${body.length}\r\n`, 'latin1'),
      body,
      Buffer.from('\r\n', 'latin1'),
    ]),
    ['STORED\r\n'],
  );
}

/** The bytes stored under `key`, or `undefined` on a miss. */
export async function rawGet(location: string, key: string): Promise<Buffer | undefined> {
  const reply = await rawExchange(location, `get ${key}\r\n`, ['END\r\n']);
  const header = /^VALUE \S+ \d+ (\d+)\r\n/.exec(reply.toString('latin1'));
  if (header === null) return undefined;
  const start = header[0].length;
  return reply.subarray(start, start + Number(header[1]));
}
