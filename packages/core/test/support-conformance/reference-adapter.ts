import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  BackendUnavailableError,
  type CacheAdapter,
  ClosedError,
  type CompareAndSetItem,
  InvalidKeyError,
  TimeoutError,
  ValueTooLargeError,
  validateEntry,
} from '../../src/index.js';

/** A pretend server: namespaces of entries, shared by every adapter given it. */
export interface ReferenceBackend {
  readonly namespaces: Map<string, Map<string, AdapterEntry>>;
}

export function createReferenceBackend(): ReferenceBackend {
  return { namespaces: new Map() };
}

export interface ReferenceAdapterOptions {
  readonly namespace: string;
  /** Shared backend; a private one when absent (then instances share nothing). */
  readonly backend?: ReferenceBackend;
  /** Every operation fails after `timeoutMilliseconds`, as against a black-holed server. */
  readonly unreachable?: boolean;
  readonly timeoutMilliseconds?: number;
  /** Capability overrides, e.g. `{ prune: false }` removes `prune()`. */
  readonly capabilities?: Partial<AdapterCapabilities>;
}

export const REFERENCE_CAPABILITIES: AdapterCapabilities = {
  ttlPrecisionMilliseconds: 1,
  maxKeyBytes: Number.POSITIVE_INFINITY,
  maxValueBytes: 64 * 1024,
  nativeTags: false,
  prune: true,
  enumerateKeys: true,
  persistent: false,
  sharedAcrossInstances: true,
  evicts: false,
  compareAndSet: true,
};

/**
 * The smallest correct adapter: a Map per namespace, expiry against `Date.now()`.
 * Broken variants (broken-adapters.ts) override one protected step each.
 *
 * Deliberately not built on the exported `createMapAdapter`: this is the oracle
 * that validates the conformance suite, and `createMapAdapter` is one of the
 * adapters that suite checks (store-kit.test.ts), so the oracle stays independent
 * of it. It also needs seams the exported adapter should not publish: protected
 * fault-injection steps (storageKey, isExpired, read, write, checkKey, checkSize,
 * failUnreachable, matches, compareAndWrite, compareAndSetItems), a value limit, a simulated unreachable backend, capability
 * overrides and a backend split per namespace (for 'clear-wipes-foreign').
 */
export class ReferenceAdapter implements CacheAdapter {
  readonly contractVersion = ADAPTER_CONTRACT_VERSION;
  readonly name = 'reference';
  readonly namespace: string;
  readonly capabilities: AdapterCapabilities;
  prune?: () => Promise<number>;
  keys?: () => AsyncIterable<string>;
  compareAndSet?: (items: ReadonlyArray<CompareAndSetItem>) => Promise<boolean[]>;
  protected readonly backend: ReferenceBackend;
  protected readonly unreachable: boolean;
  protected readonly timeoutMilliseconds: number;
  protected closed = false;

  constructor(options: ReferenceAdapterOptions) {
    this.namespace = options.namespace;
    this.capabilities = { ...REFERENCE_CAPABILITIES, ...options.capabilities };
    if (options.backend === undefined)
      this.capabilities = { ...this.capabilities, sharedAcrossInstances: false };
    this.backend = options.backend ?? createReferenceBackend();
    this.unreachable = options.unreachable ?? false;
    this.timeoutMilliseconds = options.timeoutMilliseconds ?? 1000;
    if (this.capabilities.prune) this.prune = () => this.pruneExpired();
    if (this.capabilities.enumerateKeys) this.keys = () => this.listKeys();
    if (this.capabilities.compareAndSet) {
      this.compareAndSet = (items) => this.compareAndSetItems(items);
    }
  }

  protected get entries(): Map<string, AdapterEntry> {
    let entries = this.backend.namespaces.get(this.namespace);
    if (entries === undefined) {
      entries = new Map();
      this.backend.namespaces.set(this.namespace, entries);
    }
    return entries;
  }

  async get(key: string): Promise<AdapterEntry | undefined> {
    await this.begin([key]);
    return this.read(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
    await this.begin(keys);
    return keys.map((key) => this.read(key));
  }

  async set(key: string, entry: AdapterEntry): Promise<boolean> {
    await this.begin([key]);
    return this.write(key, this.checkEntry(key, entry));
  }

  async setMany(entries: ReadonlyArray<readonly [string, AdapterEntry]>): Promise<boolean[]> {
    await this.begin(entries.map(([key]) => key));
    const checked = entries.map(([key, entry]) => this.checkEntry(key, entry));
    const results: boolean[] = [];
    for (const [index, [key]] of entries.entries()) {
      results.push(await this.write(key, checked[index]!));
    }
    return results;
  }

  async delete(key: string): Promise<boolean> {
    await this.begin([key]);
    return this.remove(key);
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    await this.begin(keys);
    return keys.filter((key) => this.remove(key)).length;
  }

  async clear(): Promise<void> {
    await this.begin([]);
    this.entries.clear();
  }

  async dispose(): Promise<void> {
    this.closed = true;
  }

  protected async compareAndSetItems(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]> {
    this.checkOpen();
    // Nothing to compare: no round trip, so an empty call works on a lost backend too.
    if (items.length === 0) return [];
    await this.begin(items.map(([key]) => key));
    const checked = items.map(([key, , entry]) => this.checkEntry(key, entry));
    // No await from here on: every comparison and its write happen in one step.
    return items.map(([key, expected], index) =>
      this.compareAndWrite(key, expected, checked[index]!),
    );
  }

  /** Whether the live entry `current` (undefined: absent or expired) satisfies `expected`. */
  protected matches(current: AdapterEntry | undefined, expected: string | undefined): boolean {
    return expected === undefined ? current === undefined : current?.payload === expected;
  }

  protected compareAndWrite(
    key: string,
    expected: string | undefined,
    entry: AdapterEntry,
  ): boolean {
    if (!this.matches(this.read(key), expected)) return false;
    if (this.isExpired(entry)) {
      this.entries.delete(this.storageKey(key));
      return false;
    }
    this.entries.set(this.storageKey(key), { ...entry });
    return true;
  }

  protected async pruneExpired(): Promise<number> {
    await this.begin([]);
    let removed = 0;
    for (const [storageKey, entry] of this.entries) {
      if (this.isExpired(entry)) {
        this.entries.delete(storageKey);
        removed += 1;
      }
    }
    return removed;
  }

  protected async *listKeys(): AsyncIterable<string> {
    await this.begin([]);
    for (const [storageKey, entry] of [...this.entries])
      if (!this.isExpired(entry)) yield storageKey;
  }

  /** Checks state and keys, then simulates the round trip. */
  protected async begin(keys: readonly string[]): Promise<void> {
    this.checkOpen();
    for (const key of keys) this.checkKey(key);
    if (this.unreachable) await this.failUnreachable();
  }

  protected checkOpen(): void {
    if (this.closed) throw new ClosedError('[pc:reference] disposed');
  }

  protected checkKey(key: string): void {
    if (typeof key !== 'string' || key === '')
      throw new InvalidKeyError('[pc:reference] empty key');
  }

  /** The edge checks of every write: a well-formed entry (normalized), then its size. */
  protected checkEntry(key: string, entry: AdapterEntry): AdapterEntry {
    const expiresAt = validateEntry('reference', key, entry);
    const checked =
      expiresAt === undefined ? { payload: entry.payload } : { payload: entry.payload, expiresAt };
    this.checkSize(checked);
    return checked;
  }

  protected checkSize(entry: AdapterEntry): void {
    if (Buffer.byteLength(entry.payload) > this.capabilities.maxValueBytes) {
      throw new ValueTooLargeError('[pc:reference] payload too large');
    }
  }

  protected async failUnreachable(): Promise<never> {
    await new Promise((resolve) => setTimeout(resolve, this.timeoutMilliseconds));
    throw new TimeoutError(`[pc:reference] no answer within ${this.timeoutMilliseconds} ms`, {
      cause: new BackendUnavailableError('[pc:reference] unreachable'),
    });
  }

  /** Maps a key to where it is stored; injective here. */
  protected storageKey(key: string): string {
    return key;
  }

  protected isExpired(entry: AdapterEntry): boolean {
    return entry.expiresAt !== undefined && entry.expiresAt <= Date.now();
  }

  protected read(key: string): AdapterEntry | undefined {
    const entry = this.entries.get(this.storageKey(key));
    if (entry === undefined) return undefined;
    if (this.isExpired(entry)) {
      this.entries.delete(this.storageKey(key));
      return undefined;
    }
    return { ...entry };
  }

  protected async write(key: string, entry: AdapterEntry): Promise<boolean> {
    if (this.isExpired(entry)) {
      this.entries.delete(this.storageKey(key));
      return false;
    }
    this.entries.set(this.storageKey(key), { ...entry });
    return true;
  }

  protected remove(key: string): boolean {
    const entry = this.entries.get(this.storageKey(key));
    if (entry === undefined) return false;
    this.entries.delete(this.storageKey(key));
    return !this.isExpired(entry);
  }
}
