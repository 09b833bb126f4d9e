import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  type CacheAdapter,
  ClosedError,
  type CompareAndSetItem,
  checkOptionNames,
  InvalidKeyError,
  InvalidOptionsError,
  serverExpiry,
  ValueTooLargeError,
  validateEntry,
} from '@pc/core';
import { MEMORY_ADAPTER_DEFAULTS, type MemoryAdapterOptions } from './memory-adapter-options.js';
import { MemoryStore, type MemoryStoreEntry } from './memory-store.js';

const MEMORY_ADAPTER_OPTION_NAMES = ['namespace', 'maxItems', 'maxBytes', 'maxValueBytes', 'store'];

/** The in-process adapter returned by `createMemoryAdapter`. */
export class MemoryAdapter implements CacheAdapter {
  readonly contractVersion = ADAPTER_CONTRACT_VERSION;
  readonly name = 'memory';
  readonly namespace: string;
  readonly capabilities: AdapterCapabilities;
  readonly #store: MemoryStore;
  readonly #ownsStore: boolean;
  readonly #prefix: string;
  #closed = false;

  constructor(options: MemoryAdapterOptions = {}) {
    checkOptionNames('memory', options, MEMORY_ADAPTER_OPTION_NAMES);
    const namespace = options.namespace ?? MEMORY_ADAPTER_DEFAULTS.namespace;
    if (typeof namespace !== 'string' || namespace === '') {
      throw new InvalidOptionsError(
        '[pc:memory] "namespace" must be a non-empty string: set "namespace"',
      );
    }
    if (options.store !== undefined) {
      if (!(options.store instanceof MemoryStore)) {
        throw new InvalidOptionsError(
          '[pc:memory] "store" must come from createMemoryStore(): set "store"',
        );
      }
      for (const cap of ['maxItems', 'maxBytes'] as const) {
        if (options[cap] !== undefined) {
          throw new InvalidOptionsError(
            `[pc:memory] "${cap}" belongs to the shared store: pass it to createMemoryStore() and drop "${cap}"`,
          );
        }
      }
    }
    const store =
      options.store ?? new MemoryStore({ maxItems: options.maxItems, maxBytes: options.maxBytes });
    const maxValueBytes =
      options.maxValueBytes ??
      Math.floor(store.maxBytes / MEMORY_ADAPTER_DEFAULTS.maxValueBytesShare);
    if (
      !Number.isSafeInteger(maxValueBytes) ||
      maxValueBytes < 1 ||
      maxValueBytes > store.maxBytes
    ) {
      throw new InvalidOptionsError(
        `[pc:memory] "maxValueBytes" must be an integer from 1 to maxBytes (${store.maxBytes}), got ${String(maxValueBytes)}: set "maxValueBytes"`,
      );
    }
    this.namespace = namespace;
    this.#store = store;
    this.#ownsStore = options.store === undefined;
    // Length-prefixed, so (namespace, key) -> store key is injective for any strings.
    this.#prefix = `${namespace.length}:${namespace}:`;
    this.capabilities = Object.freeze({
      ttlPrecisionMilliseconds: 1,
      maxKeyBytes: Number.POSITIVE_INFINITY,
      maxValueBytes,
      nativeTags: false,
      prune: true,
      enumerateKeys: true,
      persistent: false,
      sharedAcrossInstances: !this.#ownsStore,
      evicts: true,
      compareAndSet: true,
    });
  }

  async get(key: string): Promise<AdapterEntry | undefined> {
    this.#assertOpen();
    assertKey(key);
    return this.#read(key, Date.now());
  }

  async getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
    this.#assertOpen();
    keys.forEach(assertKey);
    const now = Date.now();
    return keys.map((key) => this.#read(key, now));
  }

  async set(key: string, entry: AdapterEntry): Promise<boolean> {
    this.#assertOpen();
    assertKey(key);
    const prepared = this.#prepare(key, entry);
    return this.#write(key, prepared, Date.now());
  }

  async setMany(
    entries: ReadonlyArray<readonly [key: string, entry: AdapterEntry]>,
  ): Promise<boolean[]> {
    this.#assertOpen();
    for (const [key] of entries) assertKey(key);
    // Validate every item before writing any of them.
    const prepared = entries.map(([key, entry]) => this.#prepare(key, entry));
    const now = Date.now();
    return entries.map(([key], index) => this.#write(key, prepared[index]!, now));
  }

  /**
   * Conditional writes (see `CacheAdapter.compareAndSet`). Atomic against every
   * adapter on the same store: the comparisons and writes of one call run in a
   * single synchronous step, and all adapters sharing a store live in this process.
   * A failed comparison does not count as a use of the entry (no LRU refresh).
   */
  async compareAndSet(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]> {
    this.#assertOpen();
    for (const [key] of items) assertKey(key);
    // Validate every item before writing any of them.
    const prepared = items.map(([key, , entry]) => this.#prepare(key, entry));
    const now = Date.now();
    return items.map(([key, expected], index) => {
      const current = this.#live(key, now);
      const holds = expected === undefined ? current === undefined : current?.payload === expected;
      return holds && this.#write(key, prepared[index]!, now);
    });
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key);
    return this.#remove(key, Date.now());
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    keys.forEach(assertKey);
    const now = Date.now();
    let removed = 0;
    for (const key of keys) if (this.#remove(key, now)) removed += 1;
    return removed;
  }

  async clear(): Promise<void> {
    this.#assertOpen();
    for (const storeKey of this.#store.keysOf(this.namespace)) this.#store.remove(storeKey);
  }

  /** Removes expired entries of this namespace. @returns how many were removed. */
  async prune(): Promise<number> {
    this.#assertOpen();
    const now = Date.now();
    let removed = 0;
    for (const storeKey of this.#store.keysOf(this.namespace)) {
      const entry = this.#store.peek(storeKey);
      if (entry !== undefined && isExpired(entry, now) && this.#store.remove(storeKey))
        removed += 1;
    }
    return removed;
  }

  /** Lists the live keys of this namespace (a snapshot taken when iteration starts). */
  async *keys(): AsyncIterable<string> {
    this.#assertOpen();
    const now = Date.now();
    for (const storeKey of this.#store.keysOf(this.namespace)) {
      const entry = this.#store.peek(storeKey);
      if (entry !== undefined && !isExpired(entry, now)) yield entry.key;
    }
  }

  async dispose(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsStore) this.#store.clear();
  }

  #read(key: string, now: number): AdapterEntry | undefined {
    const storeKey = this.#prefix + key;
    const entry = this.#store.read(storeKey);
    if (entry === undefined) return undefined;
    if (isExpired(entry, now)) {
      this.#store.remove(storeKey);
      return undefined;
    }
    return entry.expiresAt === undefined
      ? { payload: entry.payload }
      : { payload: entry.payload, expiresAt: entry.expiresAt };
  }

  /** The live entry of `key` without refreshing its recency; removes it when expired. */
  #live(key: string, now: number): MemoryStoreEntry | undefined {
    const storeKey = this.#prefix + key;
    const entry = this.#store.peek(storeKey);
    if (entry === undefined || !isExpired(entry, now)) return entry;
    this.#store.remove(storeKey);
    return undefined;
  }

  #prepare(key: string, entry: AdapterEntry): MemoryStoreEntry {
    const expiresAt = validateEntry('memory', key, entry);
    const payloadBytes = Buffer.byteLength(entry.payload, 'utf8');
    if (payloadBytes > this.capabilities.maxValueBytes) {
      throw new ValueTooLargeError(
        `[pc:memory] payload of ${payloadBytes} bytes exceeds maxValueBytes (${this.capabilities.maxValueBytes}): store a smaller value or set "maxValueBytes"`,
      );
    }
    const size = payloadBytes + Buffer.byteLength(this.#prefix + key, 'utf8');
    if (size > this.#store.maxBytes) {
      throw new ValueTooLargeError(
        `[pc:memory] key and payload take ${size} bytes, more than maxBytes (${this.#store.maxBytes}): use a shorter key or set "maxBytes"`,
      );
    }
    return { namespace: this.namespace, key, payload: entry.payload, expiresAt, size };
  }

  #write(key: string, entry: MemoryStoreEntry, now: number): boolean {
    const storeKey = this.#prefix + key;
    // The store keeps the absolute expiry as is: no limit to clamp to.
    if (serverExpiry(entry.expiresAt, now).kind === 'expired') {
      this.#store.remove(storeKey);
      return false;
    }
    this.#store.write(storeKey, entry);
    return true;
  }

  #remove(key: string, now: number): boolean {
    const storeKey = this.#prefix + key;
    const entry = this.#store.peek(storeKey);
    if (entry === undefined) return false;
    this.#store.remove(storeKey);
    return !isExpired(entry, now);
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new ClosedError(
        `[pc:memory] adapter "${this.namespace}" was disposed: create a new adapter`,
      );
    }
  }
}

/** Creates an in-process adapter on lru-cache, bounded by item and byte caps. */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  return new MemoryAdapter(options);
}

function isExpired(entry: MemoryStoreEntry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key === '') {
    throw new InvalidKeyError(
      `[pc:memory] a key must be a non-empty string, got ${key === '' ? '""' : typeof key}`,
    );
  }
}
