import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { compareAndSet } from '../entries/compare-and-set.js';
import { encodeEnvelope } from '../entries/entry-envelope.js';
import { newVersion } from '../entries/new-version.js';
import { InvalidationError } from '../errors/invalidation-error.js';
import { invalidationError } from './invalidation-error-of.js';
import type { PendingFill, PendingWrite, TagStrategy } from './tag-strategy.js';

/**
 * Tag versions kept as plain adapter entries (no expiry). An entry stores the
 * versions of its tags; a read compares them with the current records. A missing
 * record never matches, so evicted or deleted tag metadata makes entries miss
 * (fail closed). Invalidation writes fresh versions: no clock involved.
 */
export class TagVersionStrategy implements TagStrategy {
  readonly usesVersions = true;
  readonly #adapter: CacheAdapter;

  constructor(adapter: CacheAdapter) {
    this.#adapter = adapter;
  }

  async readVersions(tagKeys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const versions = new Map<string, string>();
    if (tagKeys.length === 0) return versions;
    const unique = [...new Set(tagKeys)];
    const records = await this.#adapter.getMany(unique);
    const created: Array<[string, AdapterEntry]> = [];
    unique.forEach((tagKey, index) => {
      const record = records[index];
      if (record === undefined) {
        const version = newVersion();
        versions.set(tagKey, version);
        created.push([tagKey, { payload: version }]);
      } else {
        versions.set(tagKey, record.payload);
      }
    });
    // If this write is lost (or raced by another creator), entries stored with the
    // version simply never match: a miss, never a stale hit.
    if (created.length > 0) await this.#adapter.setMany(created);
    return versions;
  }

  async write(writes: readonly PendingWrite[], lone: boolean): Promise<boolean[]> {
    const entries = await this.#entries(writes);
    if (lone && entries.length === 1) {
      const [key, entry] = entries[0]!;
      return [await this.#adapter.set(key, entry)];
    }
    return this.#adapter.setMany(entries);
  }

  async fill(fills: readonly PendingFill[]): Promise<boolean[]> {
    const entries = await this.#entries(fills);
    return compareAndSet(
      this.#adapter,
      entries.map(([key, entry], index) => [key, fills[index]!.lease, entry] as const),
    );
  }

  async invalidate(tagKeys: readonly string[]): Promise<void> {
    const unique = [...new Set(tagKeys)];
    if (unique.length === 0) return;
    let results: boolean[];
    try {
      results = await this.#adapter.setMany(unique.map((key) => [key, { payload: newVersion() }]));
    } catch (error) {
      throw invalidationError(describe(unique), error);
    }
    const failed = unique.filter((_, index) => results[index] !== true);
    if (failed.length > 0) {
      throw new InvalidationError(
        `[pc:cache] the adapter did not store new versions for ${describe(failed)}; entries tagged with them may still be readable`,
      );
    }
  }

  /** The envelopes: tag pairs from the captured versions, or the current ones. */
  async #entries(writes: readonly PendingWrite[]): Promise<Array<[string, AdapterEntry]>> {
    const needed: string[] = [];
    for (const write of writes) {
      if (write.capturedVersions === undefined) needed.push(...write.tagKeys);
    }
    const current = await this.readVersions(needed);
    return writes.map((write): [string, AdapterEntry] => {
      const versions = write.capturedVersions ?? current;
      const pairs: string[] = [];
      for (const tagKey of write.tagKeys) pairs.push(tagKey, versions.get(tagKey)!);
      return [
        write.adapterKey,
        {
          payload: encodeEnvelope(write.body, pairs, write.codecs, write.meta),
          expiresAt: write.expiresAt,
        },
      ];
    });
  }
}

function describe(tagKeys: readonly string[]): string {
  const shown = tagKeys.slice(0, 5).map((key) => JSON.stringify(key));
  return `tag keys ${shown.join(', ')}${tagKeys.length > 5 ? ` and ${tagKeys.length - 5} more` : ''}`;
}
