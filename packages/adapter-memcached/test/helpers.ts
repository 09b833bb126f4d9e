import { connect } from 'node:net';
import Memcached from 'memcached';

/**
 * A plain `memcached` client for looking behind the adapter's back (stats, raw
 * keys, foreign data). Tests close it with `end()`.
 */
export interface RawClient {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** `stats` of every server, by `host:port`. */
  stats(): Promise<Map<string, Record<string, unknown>>>;
  /** The server the client's hash ring places `key` on (the adapter routes the same way). */
  serverFor(key: string): string;
  end(): void;
}

export function rawClient(locations: string | readonly string[]): RawClient {
  const client = new Memcached([locations].flat(), { retries: 0, timeout: 1000 });
  const call = <T>(run: (callback: (error: unknown, result: T) => void) => void) =>
    new Promise<T>((resolve, reject) =>
      run((error, result) => (error ? reject(error) : resolve(result))),
    );
  return {
    get: (key) => call((callback) => client.get(key, callback)),
    set: async (key, value) => {
      await call((callback) => client.set(key, value, 0, callback));
    },
    delete: async (key) => {
      await call((callback) => client.del(key, callback));
    },
    stats: async () => {
      const all = await call<Array<Record<string, unknown>>>((callback) => client.stats(callback));
      return new Map(all.map((stats) => [String(stats.server), stats]));
    },
    serverFor: (key) =>
      [locations].flat().length === 1
        ? String(locations)
        : (client as unknown as { HashRing: { get(key: string): string } }).HashRing.get(key),
    end: () => client.end(),
  };
}

/** The memcached key of a short printable-ASCII key (see the README's key encoding). */
export function escapedKey(namespace: string, key: string): string {
  return `pc:${namespace}:=${key}`;
}

/** A namespace unique to this test run. */
export function uniqueNamespace(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * memcached's meta get (`mg <key> <flags>`) on a fresh connection, e.g. flags
 * `u t`: whether the item exists and its remaining TTL in seconds (`-1`: none),
 * without bumping it in the LRU as a plain `get` would (an item read while a test
 * floods the server to evict it would otherwise be kept alive).
 * @returns `undefined` on a miss (`EN`), otherwise the reply's flags, e.g. `{ t: '-1' }`.
 */
export function metaGet(
  location: string,
  key: string,
  flags: readonly string[] = ['u'],
): Promise<Record<string, string> | undefined> {
  const [host, port] = location.split(':');
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect({ host: host!, port: Number(port) });
    socket.setEncoding('utf8');
    socket.setTimeout(2000, () => socket.destroy(new Error(`no reply to mg on ${location}`)));
    socket.once('connect', () => socket.write(`mg ${key} ${flags.join(' ')}\r\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (!reply.endsWith('\r\n')) return;
      socket.destroy();
      const [status, ...returned] = reply.trim().split(' ');
      if (status === 'EN') resolve(undefined);
      else if (status === 'HD') {
        resolve(Object.fromEntries(returned.map((flag) => [flag[0]!, flag.slice(1)])));
      } else reject(new Error(`unexpected reply to mg on ${location}: ${reply}`));
    });
    socket.once('error', reject);
  });
}
