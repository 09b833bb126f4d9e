import { randomBytes } from 'node:crypto';
import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { InvalidationError } from '../errors/invalidation-error.js';
import { PcError } from '../errors/pc-error.js';
import { encodeEnvelope } from './entry-envelope.js';
import type { PendingWrite, TagStrategy } from './tag-strategy.js';

// Unique across processes (random prefix) and within one (counter): a version is
// never reused, so an entry cannot match a tag that was invalidated and re-created.
const PROCESS_PREFIX = randomBytes(6).toString('base64url');
let versionCounter = 0;

/** A version string never produced before, in any process. */
export function newVersion(): string {
  versionCounter += 1;
  return PROCESS_PREFIX + versionCounter.toString(36);
}

/**
 * Tag versions kept as plain adapter entries (no expiry). An entry stores the
 * versions of its tags; a read compares them with the current records. A missing
 * record never matches, so evicted or deleted tag metadata makes entries miss
 * (fail closed). Invalidation writes fresh versions: no clock involved.
 */
export class TagVersionStrategy implements TagStrategy {
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
    const needed: string[] = [];
    for (const write of writes) {
      if (write.capturedVersions === undefined) needed.push(...write.tagKeys);
    }
    const current = await this.readVersions(needed);
    const entries = writes.map((write): [string, AdapterEntry] => {
      const versions = write.capturedVersions ?? current;
      const pairs: string[] = write.extraPairs === undefined ? [] : [...write.extraPairs];
      for (const tagKey of write.tagKeys) pairs.push(tagKey, versions.get(tagKey)!);
      return [
        write.adapterKey,
        { payload: encodeEnvelope(write.body, pairs), expiresAt: write.expiresAt },
      ];
    });
    if (lone && entries.length === 1) {
      const [key, entry] = entries[0]!;
      return [await this.#adapter.set(key, entry)];
    }
    return this.#adapter.setMany(entries);
  }

  async invalidate(tagKeys: readonly string[]): Promise<void> {
    const unique = [...new Set(tagKeys)];
    if (unique.length === 0) return;
    let results: boolean[];
    try {
      results = await this.#adapter.setMany(unique.map((key) => [key, { payload: newVersion() }]));
    } catch (error) {
      throw new InvalidationError(
        `[pc:cache] invalidating ${describe(unique)} failed: ${PcError.isInstance(error) ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const failed = unique.filter((_, index) => results[index] !== true);
    if (failed.length > 0) {
      throw new InvalidationError(
        `[pc:cache] the adapter did not store new versions for ${describe(failed)}; entries tagged with them may still be readable`,
      );
    }
  }
}

function describe(tagKeys: readonly string[]): string {
  const shown = tagKeys.slice(0, 5).map((key) => JSON.stringify(key));
  return `tag keys ${shown.join(', ')}${tagKeys.length > 5 ? ` and ${tagKeys.length - 5} more` : ''}`;
}
