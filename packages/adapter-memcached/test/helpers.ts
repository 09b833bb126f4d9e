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
