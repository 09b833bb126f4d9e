import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import { hasNativeCompareAndSet } from '../entries/compare-and-set.js';
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
    if (hasNativeCompareAndSet(adapter) && typeof adapter.compareAndSetTagged === 'function') {
      return adapter.compareAndSetTagged(
        fills.map((fill) => [fill.adapterKey, fill.lease, entryOf(fill), fill.tagKeys]),
      );
    }
    // Emulated: read, compare, write (atomic only against this process's fences).
    const current = await adapter.getMany(fills.map((fill) => fill.adapterKey));
    const matching = fills.filter((fill, index) => current[index]?.payload === fill.lease);
    const written = matching.length === 0 ? [] : await this.write(matching);
    let position = 0;
    return fills.map((fill, index) =>
      current[index]?.payload === fill.lease ? written[position++] === true : false,
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
  return { payload: encodeEnvelope(write.body, NO_PAIRS), expiresAt: write.expiresAt };
}
