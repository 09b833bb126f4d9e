import { validateEntry } from '../../adapter-kit/validate-entry.js';
import type { AdapterCapabilities } from '../../contracts/adapter-capabilities.js';
import type { AdapterEntry } from '../../contracts/adapter-entry.js';
import { ADAPTER_CONTRACT_VERSION, type CacheAdapter } from '../../contracts/cache-adapter.js';
import type { CompareAndSetItem } from '../../contracts/compare-and-set-item.js';
import { ClosedError } from '../../errors/closed-error.js';
import { InvalidKeyError } from '../../errors/invalid-key-error.js';

/** Options of `createMapAdapter`. */
export interface MapAdapterOptions {
  /**
   * Namespace the adapter serves; adapters given the same `shared` map and the
   * same namespace see each other's entries.
   * @default 'pc-test'
   */
  readonly namespace?: string;
  /**
   * Backing map, to act as one backend seen by several adapters (processes).
   * @default a new, private map
   */
  readonly shared?: Map<string, AdapterEntry>;
}

/** Defaults of `MapAdapterOptions`. */
export const MAP_ADAPTER_DEFAULTS = { namespace: 'pc-test' } as const;

const CAPABILITIES: AdapterCapabilities = {
  ttlPrecisionMilliseconds: 1,
  maxKeyBytes: Number.POSITIVE_INFINITY,
  maxValueBytes: Number.POSITIVE_INFINITY,
  nativeTags: false,
  prune: true,
  enumerateKeys: true,
  persistent: false,
  sharedAcrossInstances: false,
  evicts: false,
  compareAndSet: true,
};

/**
 * A small, correct in-process adapter over a `Map` (it passes the conformance
 * suite), for tests of code that needs a real adapter and may depend on
 * `@pc/core` only, such as store packages. Expiry is checked against
 * `Date.now()`, so fake timers drive it. Implements `compareAndSet`, atomic
 * because each call compares and writes in one synchronous step. Not for
 * production: no size caps.
 */
export function createMapAdapter(options: MapAdapterOptions = {}): CacheAdapter {
  return new MapAdapter(
    options.namespace ?? MAP_ADAPTER_DEFAULTS.namespace,
    options.shared ?? new Map(),
    options.shared !== undefined,
  );
}

class MapAdapter implements CacheAdapter {
  readonly contractVersion = ADAPTER_CONTRACT_VERSION;
  readonly name = 'map';
  readonly namespace: string;
  readonly capabilities: AdapterCapabilities;
  readonly #entries: Map<string, AdapterEntry>;
  readonly #prefix: string;
  #closed = false;

  constructor(namespace: string, entries: Map<string, AdapterEntry>, shared: boolean) {
    this.namespace = namespace;
    this.capabilities = { ...CAPABILITIES, sharedAcrossInstances: shared };
    this.#entries = entries;
    // Length-prefixed, so no namespace can be a prefix of another one's keys.
    this.#prefix = `${namespace.length}:${namespace}:`;
  }

  async get(key: string): Promise<AdapterEntry | undefined> {
    this.#check([key]);
    return this.#read(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
    this.#check(keys);
    return keys.map((key) => this.#read(key));
  }

  async set(key: string, entry: AdapterEntry): Promise<boolean> {
    this.#check([key]);
    return this.#write(key, prepare(key, entry));
  }

  async setMany(entries: ReadonlyArray<readonly [string, AdapterEntry]>): Promise<boolean[]> {
    this.#check(entries.map(([key]) => key));
    const prepared = entries.map(([key, entry]) => prepare(key, entry));
    return entries.map(([key], index) => this.#write(key, prepared[index]!));
  }

  async compareAndSet(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]> {
    this.#check(items.map(([key]) => key));
    const prepared = items.map(([key, , entry]) => prepare(key, entry));
    // One synchronous pass: no other call can run between a comparison and its write.
    return items.map(([key, expected], index) => {
      const current = this.#read(key);
      const holds = expected === undefined ? current === undefined : current?.payload === expected;
      return holds && this.#write(key, prepared[index]!);
    });
  }

  async delete(key: string): Promise<boolean> {
    this.#check([key]);
    return this.#remove(key);
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#check(keys);
    let removed = 0;
    for (const key of new Set(keys)) if (this.#remove(key)) removed += 1;
    return removed;
  }

  async clear(): Promise<void> {
    this.#check([]);
    for (const storageKey of [...this.#entries.keys()]) {
      if (storageKey.startsWith(this.#prefix)) this.#entries.delete(storageKey);
    }
  }

  async prune(): Promise<number> {
    this.#check([]);
    let removed = 0;
    for (const [storageKey, entry] of [...this.#entries]) {
      if (storageKey.startsWith(this.#prefix) && isExpired(entry)) {
        this.#entries.delete(storageKey);
        removed += 1;
      }
    }
    return removed;
  }

  async *keys(): AsyncIterable<string> {
    this.#check([]);
    for (const [storageKey, entry] of [...this.#entries]) {
      if (storageKey.startsWith(this.#prefix) && !isExpired(entry)) {
        yield storageKey.slice(this.#prefix.length);
      }
    }
  }

  async dispose(): Promise<void> {
    this.#closed = true;
  }

  #check(keys: readonly string[]): void {
    if (this.#closed) throw new ClosedError('[pc:map] this adapter was disposed');
    for (const key of keys) {
      if (typeof key !== 'string' || key === '') {
        throw new InvalidKeyError('[pc:map] a key must be a non-empty string');
      }
    }
  }

  #read(key: string): AdapterEntry | undefined {
    const entry = this.#entries.get(this.#prefix + key);
    if (entry === undefined) return undefined;
    if (isExpired(entry)) {
      this.#entries.delete(this.#prefix + key);
      return undefined;
    }
    return { ...entry };
  }

  #write(key: string, entry: AdapterEntry): boolean {
    if (isExpired(entry)) {
      this.#entries.delete(this.#prefix + key);
      return false;
    }
    this.#entries.set(this.#prefix + key, { payload: entry.payload, expiresAt: entry.expiresAt });
    return true;
  }

  #remove(key: string): boolean {
    const entry = this.#entries.get(this.#prefix + key);
    if (entry === undefined) return false;
    this.#entries.delete(this.#prefix + key);
    return !isExpired(entry);
  }
}

/** Validates an entry before anything is written (SerializationError); Infinity becomes no expiry. */
function prepare(key: string, entry: AdapterEntry): AdapterEntry {
  const expiresAt = validateEntry('map', key, entry);
  return { payload: entry.payload, expiresAt };
}

function isExpired(entry: AdapterEntry): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= Date.now();
}
