import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import { emulateCompareAndSet, hasNativeCompareAndSet } from '../entries/compare-and-set.js';
import { encodeEnvelope } from '../entries/entry-envelope.js';
import { invalidationError } from './invalidation-error-of.js';
import type { PendingFill, PendingWrite, TagStrategy } from './tag-strategy.js';

const NO_VERSIONS: ReadonlyMap<string, string> = new Map();
const NO_PAIRS: readonly string[] = [];

/**
 * Delegates tags to an adapter that keeps its own tag index
 * (`capabilities.nativeTags`). Every write goes through `setTagged` (fills through
 * `compareAndSetTagged`), also untagged ones, so re-saving a key replaces its old
 * associations.
 *
 * Versions do not exist here, so `readVersions` returns none and a captured
 * snapshot cannot fence a write: tags are fenced by the adapter's index and, for
 * loads, in-process only (see docs/decisions/fill-leases.md).
 */
export class NativeTagStrategy implements TagStrategy {
  readonly usesVersions = false;
  readonly #adapter: NativeTagAdapter;

  constructor(adapter: NativeTagAdapter) {
    this.#adapter = adapter;
  }

  async readVersions(): Promise<ReadonlyMap<string, string>> {
    return NO_VERSIONS;
  }

  write(writes: readonly PendingWrite[]): Promise<boolean[]> {
    return this.#adapter.setTagged(
      writes.map((write) => [write.adapterKey, entryOf(write), write.tagKeys]),
    );
  }

  async fill(fills: readonly PendingFill[]): Promise<boolean[]> {
    const adapter = this.#adapter;
    const items = fills.map(
      (fill) => [fill.adapterKey, fill.lease, entryOf(fill), fill.tagKeys] as const,
    );
    if (hasNativeCompareAndSet(adapter) && typeof adapter.compareAndSetTagged === 'function') {
      return adapter.compareAndSetTagged(items);
    }
    // Emulated: read, compare, write (atomic only against this process's fences).
    return emulateCompareAndSet(adapter, items, (matching) =>
      adapter.setTagged(matching.map(([key, , entry, tags]) => [key, entry, tags] as const)),
    );
  }

  async invalidate(tagKeys: readonly string[]): Promise<void> {
    const unique = [...new Set(tagKeys)];
    if (unique.length === 0) return;
    try {
      await this.#adapter.invalidateTags(unique);
    } catch (error) {
      throw invalidationError(`${unique.length} tag(s)`, error);
    }
  }
}

function entryOf(write: PendingWrite): AdapterEntry {
  return {
    payload: encodeEnvelope(write.body, NO_PAIRS, write.codecs, write.meta),
    expiresAt: write.expiresAt,
  };
}
