import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  type CacheAdapter,
  ClosedError,
  checkOptionNames,
  InvalidKeyError,
  InvalidOptionsError,
  serverExpiry,
  ValueTooLargeError,
  validateEntry,
  wrapBackendError,
} from '@pc/core';

/** Options of `createMapAdapter`. */
export interface MapAdapterOptions {
  /**
   * The namespace this adapter serves. Adapters that share `map` see each
   * other's entries only within one namespace.
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * The map that holds the entries. Pass the same map to several adapters to
   * share it (as processes share a server); by default each adapter has its own.
   * @default a new Map
   */
  readonly map?: Map<string, AdapterEntry>;
  /**
   * Largest payload accepted, in UTF-8 bytes; a larger one is rejected with
   * `ValueTooLargeError` before anything is written.
   * @default 1_048_576 (1 MiB)
   */
  readonly maxValueBytes?: number;
}

/** Defaults of every optional `MapAdapterOptions` member. */
export const MAP_ADAPTER_DEFAULTS = {
  namespace: 'default',
  maxValueBytes: 1_048_576,
} as const;

/**
 * A `CacheAdapter` on a plain `Map`: the smallest adapter that honours the whole
 * contract. Replace the map calls with your backend's client and keep the rest.
 */
export function createMapAdapter(options: MapAdapterOptions = {}): CacheAdapter {
  // A misspelt option must fail here, not silently fall back to its default.
  checkOptionNames('map', options, ['namespace', 'map', 'maxValueBytes']);
  const namespace = options.namespace ?? MAP_ADAPTER_DEFAULTS.namespace;
  const maxValueBytes = options.maxValueBytes ?? MAP_ADAPTER_DEFAULTS.maxValueBytes;
  if (typeof namespace !== 'string' || namespace === '') {
    throw new InvalidOptionsError('[map] "namespace" must be a non-empty string: set "namespace"');
  }
  if (!Number.isSafeInteger(maxValueBytes) || maxValueBytes < 1) {
    throw new InvalidOptionsError(
      '[map] "maxValueBytes" must be a positive integer: set "maxValueBytes"',
    );
  }
  const map = options.map ?? new Map<string, AdapterEntry>();
  const sharedMap = options.map !== undefined;
  // Length-prefixed, so two (namespace, key) pairs never map to one map key.
  const prefix = `${namespace.length}:${namespace}:`;
  let closed = false;

  const open = (key?: string): void => {
    if (closed)
      throw new ClosedError(`[map] adapter "${namespace}" was disposed: create a new one`);
    if (key !== undefined && (typeof key !== 'string' || key === '')) {
      throw new InvalidKeyError('[map] a key must be a non-empty string');
    }
  };
  const isLive = (entry: AdapterEntry | undefined, now: number): entry is AdapterEntry =>
    entry !== undefined && (entry.expiresAt === undefined || entry.expiresAt > now);
  const read = (key: string, now: number): AdapterEntry | undefined => {
    const entry = map.get(prefix + key);
    if (isLive(entry, now)) return { ...entry };
    if (entry !== undefined) map.delete(prefix + key);
    return undefined;
  };
  // The contract's edge checks (a malformed entry rejects with SerializationError,
  // an Infinity expiry means none), then the backend's own limit.
  const prepare = (key: string, entry: AdapterEntry): AdapterEntry => {
    const expiresAt = validateEntry('map', key, entry);
    const bytes = Buffer.byteLength(entry.payload, 'utf8');
    if (bytes > maxValueBytes) {
      throw new ValueTooLargeError(
        `[map] payload of ${bytes} bytes exceeds ${maxValueBytes}: set "maxValueBytes"`,
      );
    }
    return { payload: entry.payload, expiresAt };
  };
  const write = (key: string, entry: AdapterEntry, now: number): boolean => {
    map.delete(prefix + key);
    // A backend with a TTL limit passes it here ({ maxMilliseconds }) and stores
    // the TTL it gets back; a map keeps the absolute expiry.
    if (serverExpiry(entry.expiresAt, now).kind === 'expired') return false;
    map.set(prefix + key, { payload: entry.payload, expiresAt: entry.expiresAt });
    return true;
  };
  const remove = (key: string, now: number): boolean => {
    const live = isLive(map.get(prefix + key), now);
    map.delete(prefix + key);
    return live;
  };
  // Where a real backend's client is called: its failures become pc's typed
  // errors (BackendUnavailableError, TimeoutError) with the original as `cause`,
  // the operation, the address and a hint. A Map never fails; a client does.
  const backend = <T>(operation: string, call: () => T): T => {
    try {
      return call();
    } catch (error) {
      throw wrapBackendError(error, {
        adapter: 'map',
        operation,
        address: `map of "${namespace}"`,
      });
    }
  };
  const capabilities: AdapterCapabilities = Object.freeze({
    ttlPrecisionMilliseconds: 1,
    maxKeyBytes: Number.POSITIVE_INFINITY,
    maxValueBytes,
    nativeTags: false,
    prune: false,
    enumerateKeys: false,
    persistent: false,
    sharedAcrossInstances: sharedMap,
    evicts: false,
    compareAndSet: true,
  });

  return {
    contractVersion: ADAPTER_CONTRACT_VERSION,
    name: 'map',
    namespace,
    capabilities,
    async get(key) {
      open(key);
      return backend('get', () => read(key, Date.now()));
    },
    async getMany(keys) {
      open();
      for (const key of keys) open(key);
      const now = Date.now();
      return keys.map((key) => read(key, now));
    },
    async set(key, entry) {
      open(key);
      const prepared = prepare(key, entry);
      return backend('set', () => write(key, prepared, Date.now()));
    },
    async setMany(entries) {
      open();
      for (const [key] of entries) open(key);
      // Every item is checked before any is written.
      const prepared = entries.map(([key, entry]) => prepare(key, entry));
      const now = Date.now();
      return entries.map(([key], index) => write(key, prepared[index]!, now));
    },
    async compareAndSet(items) {
      open();
      for (const [key] of items) open(key);
      const prepared = items.map(([key, , entry]) => prepare(key, entry));
      const now = Date.now();
      // Compare and write in one synchronous step, so no other call comes between.
      // A network backend needs the same guarantee on the server: a Lua script, a
      // CAS token, a transaction; never a read, then a write.
      return items.map(([key, expected], index) => {
        const current = read(key, now);
        const holds =
          expected === undefined ? current === undefined : current?.payload === expected;
        return holds && write(key, prepared[index]!, now);
      });
    },
    async delete(key) {
      open(key);
      return backend('delete', () => remove(key, Date.now()));
    },
    async deleteMany(keys) {
      open();
      for (const key of keys) open(key);
      const now = Date.now();
      let removed = 0;
      for (const key of keys) if (remove(key, now)) removed += 1;
      return removed;
    },
    async clear() {
      open();
      for (const mapKey of [...map.keys()]) if (mapKey.startsWith(prefix)) map.delete(mapKey);
    },
    async dispose() {
      if (closed) return;
      closed = true;
      if (!sharedMap) map.clear();
    },
  };
}
