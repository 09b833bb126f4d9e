import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  type CacheAdapter,
  ClosedError,
  type CompareAndSetItem,
  InvalidKeyError,
  type NativeTagAdapter,
} from '../../src/index.js';
import type { AdapterMethod as Method } from '../../src/testing/index.js';

/** One adapter call, as the Cache made it. */
export interface AdapterCall {
  readonly method: Method;
  readonly keys: readonly string[];
}

const CAPABILITIES: AdapterCapabilities = {
  ttlPrecisionMilliseconds: 1,
  maxKeyBytes: Number.POSITIVE_INFINITY,
  maxValueBytes: Number.POSITIVE_INFINITY,
  nativeTags: false,
  prune: false,
  enumerateKeys: false,
  persistent: false,
  sharedAcrossInstances: false,
  evicts: false,
  compareAndSet: true,
};

/** Options of `MapAdapter`. */
export interface MapAdapterOptions {
  /**
   * Declare and implement `compareAndSet` (and `compareAndSetTagged` on the
   * native-tag variant); `false` leaves both absent, for the Cache's emulation.
   * @default true
   */
  readonly compareAndSet?: boolean;
}

/**
 * A minimal in-test adapter over a Map (which tests may share between adapters to
 * act as one backend seen by two processes). Expiry uses `Date.now()`, so fake
 * timers drive it. Every call is recorded in `calls`. `compareAndSet` compares and
 * writes in one synchronous step, so it is atomic against every other call.
 *
 * Kept apart from the exported `createMapAdapter` on purpose: core's tests read,
 * forge and delete stored entries in `store` by the exact key the Cache passed
 * (e.g. `store.has('e:a')`, keys starting with 'e'), and share that raw map
 * between instances, while `createMapAdapter` prefixes every storage key with its
 * namespace so that a shared map isolates namespaces. Building this on it would
 * mean either a raw-key mode in the public test API or rewriting those assertions.
 */
export class MapAdapter implements CacheAdapter {
  readonly contractVersion = ADAPTER_CONTRACT_VERSION;
  readonly name = 'map';
  readonly namespace = 'test';
  readonly capabilities: AdapterCapabilities;
  readonly calls: AdapterCall[] = [];
  readonly store: Map<string, AdapterEntry>;
  compareAndSet?: (items: ReadonlyArray<CompareAndSetItem>) => Promise<boolean[]>;
  #disposed = false;

  constructor(store: Map<string, AdapterEntry> = new Map(), options: MapAdapterOptions = {}) {
    this.store = store;
    const compareAndSet = options.compareAndSet ?? true;
    this.capabilities = this.declaredCapabilities({ ...CAPABILITIES, compareAndSet });
    if (compareAndSet) {
      this.compareAndSet = async (items) => {
        this.#record(
          'compareAndSet',
          items.map(([key]) => key),
        );
        return items.map(
          ([key, expected, entry]) => this.holds(key, expected) && this.write(key, entry),
        );
      };
    }
  }

  /** Calls of one method since the last `resetCalls()`. */
  callsOf(method: Method): AdapterCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  async get(key: string): Promise<AdapterEntry | undefined> {
    this.#record('get', [key]);
    return this.#read(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
    this.#record('getMany', keys);
    return keys.map((key) => this.#read(key));
  }

  async set(key: string, entry: AdapterEntry): Promise<boolean> {
    this.#record('set', [key]);
    return this.write(key, entry);
  }

  async setMany(entries: ReadonlyArray<readonly [string, AdapterEntry]>): Promise<boolean[]> {
    this.#record(
      'setMany',
      entries.map(([key]) => key),
    );
    return entries.map(([key, entry]) => this.write(key, entry));
  }

  async delete(key: string): Promise<boolean> {
    this.#record('delete', [key]);
    return this.#remove(key);
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#record('deleteMany', keys);
    return keys.filter((key) => this.#remove(key)).length;
  }

  async clear(): Promise<void> {
    this.#record('clear', []);
    this.store.clear();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
  }

  protected record(method: Method, keys: readonly string[]): void {
    this.#record(method, keys);
  }

  #record(method: Method, keys: readonly string[]): void {
    if (this.#disposed) throw new ClosedError('[pc:map] disposed');
    for (const key of keys) {
      if (typeof key !== 'string' || key === '') throw new InvalidKeyError('[pc:map] bad key');
    }
    this.calls.push({ method, keys: [...keys] });
  }

  #read(key: string): AdapterEntry | undefined {
    const entry = this.store.get(key);
    if (entry === undefined) return undefined;
    if (isExpired(entry)) {
      this.store.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The capabilities a variant declares, from the base ones (called by the constructor). */
  protected declaredCapabilities(capabilities: AdapterCapabilities): AdapterCapabilities {
    return capabilities;
  }

  /** Whether `key`'s live payload is `expected` (`undefined`: the key holds no live entry). */
  protected holds(key: string, expected: string | undefined): boolean {
    const current = this.#read(key);
    return expected === undefined ? current === undefined : current?.payload === expected;
  }

  protected write(key: string, entry: AdapterEntry): boolean {
    if (isExpired(entry)) {
      this.store.delete(key);
      return false;
    }
    this.store.set(key, { payload: entry.payload, expiresAt: entry.expiresAt });
    return true;
  }

  #remove(key: string): boolean {
    const existed = this.#read(key) !== undefined;
    this.store.delete(key);
    return existed;
  }
}

/**
 * A MapAdapter with its own tag index (`capabilities.nativeTags`): invalidating a
 * tag deletes the entries associated with it.
 */
export class NativeTagMapAdapter extends MapAdapter implements NativeTagAdapter {
  /** Tag -> keys associated with it. */
  readonly index = new Map<string, Set<string>>();
  compareAndSetTagged?: (
    items: ReadonlyArray<readonly [string, string | undefined, AdapterEntry, readonly string[]]>,
  ) => Promise<boolean[]>;

  constructor(store?: Map<string, AdapterEntry>, options: MapAdapterOptions = {}) {
    super(store, options);
    if (this.capabilities.compareAndSet) {
      this.compareAndSetTagged = async (items) => {
        this.record(
          'compareAndSetTagged',
          items.map(([key]) => key),
        );
        return items.map(([key, expected, entry, tags]) => {
          if (!this.holds(key, expected)) return false;
          for (const keys of this.index.values()) keys.delete(key);
          if (!this.write(key, entry)) return false;
          this.#associate(key, tags);
          return true;
        });
      };
    }
  }

  async setTagged(
    entries: ReadonlyArray<readonly [string, AdapterEntry, readonly string[]]>,
  ): Promise<boolean[]> {
    this.record(
      'setTagged',
      entries.map(([key]) => key),
    );
    return entries.map(([key, entry, tags]) => {
      for (const keys of this.index.values()) keys.delete(key);
      this.#associate(key, tags);
      return this.write(key, entry);
    });
  }

  protected override declaredCapabilities(capabilities: AdapterCapabilities): AdapterCapabilities {
    return { ...capabilities, nativeTags: true };
  }

  #associate(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.index.get(tag) ?? new Set<string>();
      keys.add(key);
      this.index.set(tag, keys);
    }
  }

  async invalidateTags(tags: readonly string[]): Promise<void> {
    this.record('invalidateTags', tags);
    for (const tag of tags) {
      for (const key of this.index.get(tag) ?? []) this.store.delete(key);
      this.index.delete(tag);
    }
  }
}

function isExpired(entry: AdapterEntry): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= Date.now();
}
