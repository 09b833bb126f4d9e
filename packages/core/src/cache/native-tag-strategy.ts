import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import { InvalidationError } from '../errors/invalidation-error.js';
import { PcError } from '../errors/pc-error.js';
import { encodeEnvelope } from './entry-envelope.js';
import type { PendingWrite, TagStrategy } from './tag-strategy.js';

const NO_VERSIONS: ReadonlyMap<string, string> = new Map();

/**
 * Delegates tags to an adapter that keeps its own tag index
 * (`capabilities.nativeTags`). Every write goes through `setTagged`, also untagged
 * ones, so re-saving a key replaces its old associations.
 *
 * Versions do not exist here, so `readVersions` returns none and a captured
 * snapshot cannot fence a write; fencing native tags is left to the adapter
 * contract of a later release.
 */
export class NativeTagStrategy implements TagStrategy {
  readonly #adapter: NativeTagAdapter;

  constructor(adapter: NativeTagAdapter) {
    this.#adapter = adapter;
  }

  async readVersions(): Promise<ReadonlyMap<string, string>> {
    return NO_VERSIONS;
  }

  write(writes: readonly PendingWrite[]): Promise<boolean[]> {
    return this.#adapter.setTagged(
      writes.map((write) => [
        write.adapterKey,
        { payload: encodeEnvelope(write.body, write.extraPairs ?? []), expiresAt: write.expiresAt },
        write.tagKeys,
      ]),
    );
  }

  async invalidate(tagKeys: readonly string[]): Promise<void> {
    const unique = [...new Set(tagKeys)];
    if (unique.length === 0) return;
    try {
      await this.#adapter.invalidateTags(unique);
    } catch (error) {
      throw new InvalidationError(
        `[pc:cache] invalidating ${unique.length} tag(s) failed: ${PcError.isInstance(error) ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
