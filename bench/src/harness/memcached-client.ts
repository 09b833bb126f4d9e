import Memcached from 'memcached';

/** The few calls the bench makes, as promises. */
export interface PromisedMemcached {
  get(key: string): Promise<unknown>;
  getMulti(keys: readonly string[]): Promise<Record<string, unknown>>;
  set(key: string, value: string, lifetimeSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  flush(): Promise<void>;
  end(): void;
}

/**
 * A `memcached` client on one server. `retries: 0` and short timeouts because the
 * client's defaults take ~100 s to give up on a dead server.
 */
export function connectMemcached(location: string): PromisedMemcached {
  const client = new Memcached(location, { retries: 0, timeout: 2_000, retry: 1_000 });
  return {
    get: (key) =>
      new Promise((resolve, reject) => {
        client.get(key, (error, data) => (error ? reject(error) : resolve(data)));
      }),
    getMulti: (keys) =>
      new Promise((resolve, reject) => {
        client.getMulti(keys as string[], (error, data) => {
          // getMulti reports errors as an array, not an Error.
          if (
            error !== undefined &&
            error !== null &&
            (!Array.isArray(error) || error.length > 0)
          ) {
            reject(Array.isArray(error) ? error[0] : error);
            return;
          }
          resolve(data ?? {});
        });
      }),
    set: (key, value, lifetimeSeconds) =>
      new Promise((resolve, reject) => {
        client.set(key, value, lifetimeSeconds, (error) => (error ? reject(error) : resolve()));
      }),
    del: (key) =>
      new Promise((resolve, reject) => {
        client.del(key, (error) => (error ? reject(error) : resolve()));
      }),
    flush: () =>
      new Promise((resolve, reject) => {
        client.flush((error) => (error ? reject(error) : resolve()));
      }),
    end: () => client.end(),
  };
}
