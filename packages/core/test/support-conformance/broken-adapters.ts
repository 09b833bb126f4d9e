import type { AdapterEntry, CompareAndSetItem } from '../../src/index.js';
import { ReferenceAdapter, type ReferenceAdapterOptions } from './reference-adapter.js';

/**
 * Deliberately broken adapters, each the reference with one realistic fault.
 * The self-test runs the conformance suite on each and checks that exactly the
 * tests meant to catch the fault fail.
 */
export type BrokenAdapterName =
  | 'ignores-ttl'
  | 'truncates-keys'
  | 'clear-wipes-foreign'
  | 'falsy-payload-miss'
  | 'expired-set-keeps-old'
  | 'dedupes-getmany'
  | 'torn-writes'
  | 'ignores-dispose'
  | 'hangs-when-unreachable'
  | 'accepts-empty-key'
  | 'case-folds-keys'
  | 'counts-code-units'
  | 'cas-ignores-expected'
  | 'cas-absent-matches'
  | 'cas-keeps-old-expiry'
  | 'cas-not-atomic'
  | 'cas-declared-missing'
  | 'cas-undeclared-present'
  | 'skips-entry-validation'
  | 'replaces-dollar-patterns';

export const BROKEN_ADAPTERS: Record<BrokenAdapterName, typeof ReferenceAdapter> = {
  /** Stores expiresAt but never compares it with the clock. */
  'ignores-ttl': class extends ReferenceAdapter {
    protected override isExpired(): boolean {
      return false;
    }
  },
  /** Cuts keys to 250 UTF-8 bytes, as a naive Memcached adapter would. */
  'truncates-keys': class extends ReferenceAdapter {
    protected override storageKey(key: string): string {
      return Buffer.from(key).subarray(0, 250).toString();
    }
  },
  /** Clears the whole backend (FLUSHALL), not its namespace. */
  'clear-wipes-foreign': class extends ReferenceAdapter {
    override async clear(): Promise<void> {
      await this.begin([]);
      for (const entries of this.backend.namespaces.values()) entries.clear();
    }
  },
  /** `if (!payload) return undefined`: an empty payload reads as a miss. */
  'falsy-payload-miss': class extends ReferenceAdapter {
    protected override read(key: string): AdapterEntry | undefined {
      const found = super.read(key);
      return found?.payload ? found : undefined;
    }
  },
  /** An already-expired write is skipped but leaves the old entry readable. */
  'expired-set-keeps-old': class extends ReferenceAdapter {
    protected override async write(key: string, entry: AdapterEntry): Promise<boolean> {
      if (this.isExpired(entry)) return false;
      return super.write(key, entry);
    }
  },
  /** getMany asks the backend for unique keys and returns those results only. */
  'dedupes-getmany': class extends ReferenceAdapter {
    override async getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
      await this.begin(keys);
      return [...new Set(keys)].map((key) => this.read(key));
    }
  },
  /** Writes a payload in two steps (like an in-place file write) that readers can observe. */
  'torn-writes': class extends ReferenceAdapter {
    protected override async write(key: string, entry: AdapterEntry): Promise<boolean> {
      if (this.isExpired(entry)) return super.write(key, entry);
      const half = Math.floor(entry.payload.length / 2);
      this.entries.set(this.storageKey(key), { ...entry, payload: entry.payload.slice(0, half) });
      await new Promise((resolve) => setImmediate(resolve));
      return super.write(key, entry);
    }
  },
  /** dispose() flips nothing: operations keep working afterwards. */
  'ignores-dispose': class extends ReferenceAdapter {
    override async dispose(): Promise<void> {}
  },
  /** Waits forever for an unreachable backend instead of timing out. */
  'hangs-when-unreachable': class extends ReferenceAdapter {
    protected override failUnreachable(): Promise<never> {
      return new Promise<never>(() => {});
    }
  },
  /** Accepts the empty key (and writes it). */
  'accepts-empty-key': class extends ReferenceAdapter {
    protected override checkKey(): void {}
  },
  /** Lower-cases keys, as a filesystem adapter on a case-insensitive disk ends up doing. */
  'case-folds-keys': class extends ReferenceAdapter {
    protected override storageKey(key: string): string {
      return key.toLowerCase();
    }
  },
  /** Measures payloads in UTF-16 code units instead of UTF-8 bytes. */
  'counts-code-units': class extends ReferenceAdapter {
    protected override checkSize(entry: AdapterEntry): void {
      super.checkSize({ payload: 'x'.repeat(entry.payload.length) });
    }
  },
  /** compareAndSet that never compares: every item is written, as `setMany` would. */
  'cas-ignores-expected': class extends ReferenceAdapter {
    protected override matches(): boolean {
      return true;
    }
  },
  /** Treats a missing key as matching any `expected` (a lease that was deleted still "holds"). */
  'cas-absent-matches': class extends ReferenceAdapter {
    protected override matches(
      current: AdapterEntry | undefined,
      expected: string | undefined,
    ): boolean {
      return current === undefined || super.matches(current, expected);
    }
  },
  /** A replace keeps the replaced entry's expiry, as Redis `SET ... KEEPTTL` would. */
  'cas-keeps-old-expiry': class extends ReferenceAdapter {
    protected override compareAndWrite(
      key: string,
      expected: string | undefined,
      entry: AdapterEntry,
    ): boolean {
      const current = this.read(key);
      if (current === undefined || !this.matches(current, expected) || this.isExpired(entry)) {
        return super.compareAndWrite(key, expected, entry);
      }
      this.entries.set(this.storageKey(key), {
        payload: entry.payload,
        expiresAt: current.expiresAt,
      });
      return true;
    }
  },
  /** Emulates compareAndSet with a read and, a macrotask later, a write (GET, then SET). */
  'cas-not-atomic': class extends ReferenceAdapter {
    protected override async compareAndSetItems(
      items: ReadonlyArray<CompareAndSetItem>,
    ): Promise<boolean[]> {
      this.checkOpen();
      if (items.length === 0) return [];
      await this.begin(items.map(([key]) => key));
      const checked = items.map(([key, , entry]) => this.checkEntry(key, entry));
      const results: boolean[] = [];
      for (const [index, [key, expected]] of items.entries()) {
        const matched = this.matches(this.read(key), expected);
        await new Promise((resolve) => setImmediate(resolve));
        results.push(matched && (await this.write(key, checked[index]!)));
      }
      return results;
    }
  },
  /** Declares capabilities.compareAndSet but has no compareAndSet(). */
  'cas-declared-missing': class extends ReferenceAdapter {
    constructor(options: ReferenceAdapterOptions) {
      super(options);
      delete this.compareAndSet;
    }
  },
  /** Has a working compareAndSet() but does not declare capabilities.compareAndSet. */
  'cas-undeclared-present': class extends ReferenceAdapter {
    constructor(options: ReferenceAdapterOptions) {
      super({ ...options, capabilities: { ...options.capabilities, compareAndSet: false } });
      this.compareAndSet = (items) => this.compareAndSetItems(items);
    }
  },
  /** Checks sizes only: stores whatever entry it is given, an Infinity expiry included. */
  'skips-entry-validation': class extends ReferenceAdapter {
    protected override checkEntry(_key: string, entry: AdapterEntry): AdapterEntry {
      this.checkSize(entry);
      return entry;
    }
  },
  /**
   * Builds the stored key with `String.prototype.replace`, whose replacement string
   * reads `$$`, `$&`, `` $` `` and `$'` as patterns (the `memcached` npm client's bug).
   */
  'replaces-dollar-patterns': class extends ReferenceAdapter {
    protected override storageKey(key: string): string {
      return 'KEY'.replace('KEY', key);
    }
  },
};
