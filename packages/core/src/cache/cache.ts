import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { ClosedError } from '../errors/closed-error.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { SerializationError } from '../errors/serialization-error.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKey, assertValidKeys } from '../keys/validate-key.js';
import { deserializeValue } from '../serialization/deserialize-value.js';
import { serializeValue } from '../serialization/serialize-value.js';
import { type CacheOptions, resolveCacheOptions } from './cache-options.js';
import { decodeEnvelope, type EntryEnvelope } from './entry-envelope.js';
import { NativeTagStrategy } from './native-tag-strategy.js';
import type { SetManyItem, SetOptions } from './set-options.js';
import type { PendingWrite, TagStrategy } from './tag-strategy.js';
import { TagVersionStrategy } from './tag-version-strategy.js';
import { createTagVersions, type TagVersions, tagVersionsOf } from './tag-versions.js';

/** What a root cache and all its namespaces share. */
interface RootState {
  readonly adapter: CacheAdapter;
  readonly strategy: TagStrategy;
  /** `false` when the adapter's native tag index is used (no versions to fence with). */
  readonly usesTagVersions: boolean;
  readonly defaultTtlMilliseconds: number | undefined;
  closed: boolean;
}

interface PreparedWrite extends PendingWrite {
  /** TTL was zero or negative: the write removes the key. */
  readonly expired: boolean;
}

const SET_OPTION_NAMES = new Set(['ttlMilliseconds', 'tags', 'tagVersions']);
const SET_MANY_ITEM_NAMES = new Set(['key', 'value', ...SET_OPTION_NAMES]);
const NO_OPTIONS: SetOptions = {};

/**
 * The pc cache runtime over one shared adapter: namespaces, key encoding,
 * serialization, TTLs, tags (tag versions, or the adapter's native index), and
 * batched reads and writes.
 *
 * - A miss is `undefined`; falsy values (`0`, `''`, `false`, `null`) are hits.
 * - Every read returns a fresh copy: mutating it never changes the cache.
 * - A payload the cache cannot decode reads as a miss and is deleted (best effort).
 * - Keys: any non-empty, well-formed string; anything else throws
 *   `InvalidKeyError` before any I/O.
 */
export class Cache {
  static #childInit: { readonly root: RootState; readonly keys: KeySpace } | undefined;

  readonly #root: RootState;
  readonly #keys: KeySpace;
  #closed = false;

  /** @throws InvalidOptionsError naming the option when `options` is invalid. */
  constructor(options: CacheOptions) {
    const child = Cache.#childInit;
    if (child !== undefined) {
      Cache.#childInit = undefined;
      this.#root = child.root;
      this.#keys = child.keys;
      return;
    }
    const resolved = resolveCacheOptions(options);
    const native = resolved.nativeTagAdapter;
    this.#root = {
      adapter: resolved.adapter,
      strategy: native ? new NativeTagStrategy(native) : new TagVersionStrategy(resolved.adapter),
      usesTagVersions: native === undefined,
      defaultTtlMilliseconds: resolved.defaultTtlMilliseconds,
      closed: false,
    };
    this.#keys = KeySpace.ROOT;
  }

  /** Namespace names from the root cache down to this one; empty for the root. */
  get namespacePath(): readonly string[] {
    return this.#keys.namespacePath;
  }

  /** Reads one value. @returns the value, or `undefined` on a miss. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.#assertOpen();
    assertValidKey(key);
    const adapterKey = this.#keys.entryKey(key);
    const entry = await this.#root.adapter.get(adapterKey);
    if (entry === undefined) return undefined;
    const [value] = await this.#decode([adapterKey], [entry], [0]);
    return value as T | undefined;
  }

  /**
   * Reads many values with one adapter `getMany` for the entries and one for the
   * tag versions of all of them.
   * @returns one slot per key, in input order (duplicates included, each its own copy).
   */
  async getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (keys.length === 0) return [];
    const { unique, slots } = deduplicate(keys.map((key) => this.#keys.entryKey(key)));
    const entries = await this.#root.adapter.getMany(unique);
    return (await this.#decode(unique, entries, slots)) as Array<T | undefined>;
  }

  /** `true` when `get(key)` would return a value. */
  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /**
   * Stores one value.
   * @returns `true` when stored; `false` when the TTL was zero or negative (the old
   *   value is removed) or the adapter declined.
   * @throws SerializationError (before any I/O) for `undefined` and for values the
   *   serializer cannot encode; `InvalidOptionsError` for invalid options.
   */
  async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    this.#assertOpen();
    assertValidKey(key);
    const write = this.#prepare(key, value, options ?? NO_OPTIONS, SET_OPTION_NAMES, Date.now());
    if (write.expired) {
      await this.#root.adapter.delete(write.adapterKey);
      return false;
    }
    const [stored] = await this.#root.strategy.write([write], true);
    return stored === true;
  }

  /**
   * Stores many values with one adapter `setMany` (plus at most one read and one
   * write of tag versions). Everything is validated and serialized before any I/O.
   * A key given twice ends with the last item.
   * @returns one boolean per item, as for `set`.
   */
  async setMany(items: ReadonlyArray<SetManyItem>): Promise<boolean[]> {
    this.#assertOpen();
    if (!Array.isArray(items)) {
      throw new InvalidOptionsError('[pc:cache] setMany expects an array of { key, value } items');
    }
    if (items.length === 0) return [];
    const now = Date.now();
    const writes = items.map((item: SetManyItem) => {
      if (typeof item !== 'object' || item === null) {
        throw new InvalidOptionsError(
          '[pc:cache] each setMany item must be a { key, value } object',
        );
      }
      assertValidKey(item.key);
      return this.#prepare(item.key, item.value, item, SET_MANY_ITEM_NAMES, now);
    });
    // Expired items go through setMany too (the adapter removes the old value for an
    // expiry at or before now), so a key given twice keeps last-wins order.
    const results = await this.#root.strategy.write(writes, false);
    return writes.map((write, index) => !write.expired && results[index] === true);
  }

  /**
   * Removes one entry. Deleting a missing key is not an error.
   * @returns `true` when an entry was removed (it may already have been unreadable
   *   because one of its tags was invalidated), `false` when there was none.
   */
  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertValidKey(key);
    return this.#root.adapter.delete(this.#keys.entryKey(key));
  }

  /** Removes many entries with one adapter call. @returns how many were removed. */
  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (keys.length === 0) return 0;
    const { unique } = deduplicate(keys.map((key) => this.#keys.entryKey(key)));
    return this.#root.adapter.deleteMany(unique);
  }

  /**
   * Root cache: clears the adapter's namespace. A namespace: invalidates the
   * namespace's implicit tag, so every entry written in it or in its descendants
   * reads as a miss on every adapter (the entries stay until they expire or are
   * evicted). Rejects with `InvalidationError` when that fails.
   */
  async clear(): Promise<void> {
    this.#assertOpen();
    const tagKey = this.#keys.ownNamespaceTagKey;
    if (tagKey === undefined) await this.#root.adapter.clear();
    else await this.#root.strategy.invalidate([tagKey]);
  }

  /**
   * Makes every entry tagged with any of `tags` read as a miss, in every namespace
   * over this adapter and in every process sharing it. Resolves once durable.
   * @throws InvalidKeyError for an empty or non-string tag; `InvalidationError`
   *   when the adapter fails.
   */
  async invalidateTags(tags: readonly string[]): Promise<void> {
    this.#assertOpen();
    assertValidKeys(tags, 'tag');
    await this.#root.strategy.invalidate(tags.map((tag) => KeySpace.tagKey(tag)));
  }

  /**
   * Reads the current versions of `tags` (and of this cache's namespaces), creating
   * missing ones. Read them before producing a value, then pass them to `set` as
   * `tagVersions`: an invalidation in between makes the stored entry a miss.
   * With an adapter's native tag index there are no versions; the snapshot is
   * accepted and ignored.
   */
  async readTagVersions(tags: readonly string[]): Promise<TagVersions> {
    this.#assertOpen();
    assertValidKeys(tags, 'tag');
    const unique = [...new Set(tags)];
    const tagKeys = [...unique.map((tag) => KeySpace.tagKey(tag)), ...this.#keys.namespaceTagKeys];
    const versions = await this.#root.strategy.readVersions(tagKeys);
    return createTagVersions(this.#root, unique, versions);
  }

  /**
   * A child cache whose keys live in their own namespace (encoded injectively, so
   * no key of one namespace can reach another). It shares the adapter, the
   * options and the tags of this cache.
   * @throws InvalidOptionsError unless `name` matches `/^[A-Za-z0-9_.-]{1,64}$/`.
   */
  namespace(name: string): Cache {
    this.#assertOpen();
    const keys = this.#keys.child(name);
    Cache.#childInit = { root: this.#root, keys };
    return new Cache(undefined as unknown as CacheOptions);
  }

  /**
   * Closes this cache (a root cache also closes its namespaces); later calls reject
   * with `ClosedError`. Idempotent. The injected adapter is not disposed: whoever
   * created it disposes it.
   */
  async dispose(): Promise<void> {
    if (this.#keys === KeySpace.ROOT) this.#root.closed = true;
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed || this.#root.closed) {
      throw new ClosedError('[pc:cache] this cache was disposed; create a new one');
    }
  }

  /** Validates and serializes one write; throws before any I/O. */
  #prepare(
    key: string,
    value: unknown,
    options: SetOptions,
    knownNames: ReadonlySet<string>,
    now: number,
  ): PreparedWrite {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionsError('[pc:cache] set options must be an object');
    }
    for (const name of Object.keys(options)) {
      if (!knownNames.has(name)) {
        throw new InvalidOptionsError(
          `[pc:cache] unknown set option "${name}"; known: ${[...SET_OPTION_NAMES].join(', ')}`,
        );
      }
    }
    const { ttlMilliseconds, tags, tagVersions } = options;
    if (
      ttlMilliseconds !== undefined &&
      (typeof ttlMilliseconds !== 'number' || Number.isNaN(ttlMilliseconds))
    ) {
      throw new InvalidOptionsError(
        `[pc:cache] set "ttlMilliseconds" to a number of milliseconds, got ${String(ttlMilliseconds)}`,
      );
    }
    if (tags !== undefined && !Array.isArray(tags)) {
      throw new InvalidOptionsError('[pc:cache] set "tags" to an array of tag strings');
    }
    if (tags !== undefined) assertValidKeys(tags, 'tag');
    let captured: ReadonlyMap<string, string> | undefined;
    if (tagVersions !== undefined) {
      captured = tagVersionsOf(tagVersions, this.#root);
      if (captured === undefined) {
        throw new InvalidOptionsError(
          '[pc:cache] "tagVersions" must come from readTagVersions() of a cache over the same root',
        );
      }
    }
    if (value === undefined) {
      throw new SerializationError(
        `[pc:cache] cannot store undefined at key ${JSON.stringify(key.slice(0, 100))}: ` +
          'undefined is what a miss reads as; store null instead',
      );
    }
    const body = serializeValue(value);
    const adapterKey = this.#keys.entryKey(key);
    const ttl = ttlMilliseconds ?? this.#root.defaultTtlMilliseconds;
    if (ttl !== undefined && ttl <= 0) {
      return {
        adapterKey,
        body,
        expiresAt: now,
        tagKeys: [],
        capturedVersions: undefined,
        expired: true,
      };
    }
    const tagKeys = [...new Set(tags ?? [])].map((tag) => KeySpace.tagKey(tag));
    tagKeys.push(...this.#keys.namespaceTagKeys);
    if (captured !== undefined && this.#root.usesTagVersions) {
      for (const tagKey of tagKeys) {
        if (!captured.has(tagKey)) {
          throw new InvalidOptionsError(
            `[pc:cache] "tagVersions" does not cover ${tagKey.startsWith('t:') ? `tag ${JSON.stringify(tagKey.slice(2))}` : 'this namespace'}; ` +
              'read them with readTagVersions() on this cache with every tag you pass to set',
          );
        }
      }
    } else {
      captured = undefined;
    }
    return {
      adapterKey,
      body,
      expiresAt: ttl === undefined || ttl === Number.POSITIVE_INFINITY ? undefined : now + ttl,
      tagKeys,
      capturedVersions: captured,
      expired: false,
    };
  }

  /**
   * Turns raw entries into values: envelopes first, then one tag validation for
   * all of them, then the bodies (one fresh copy per output slot).
   */
  async #decode(
    adapterKeys: readonly string[],
    entries: ReadonlyArray<AdapterEntry | undefined>,
    slots: readonly number[],
  ): Promise<unknown[]> {
    const corrupt: string[] = [];
    const envelopes: Array<EntryEnvelope | undefined> = new Array(adapterKeys.length);
    const pending: EntryEnvelope[] = [];
    const pendingIndexes: number[] = [];
    entries.forEach((entry, index) => {
      if (entry === undefined) return;
      const envelope = decodeEnvelope(entry.payload);
      if (envelope === 'corrupt') corrupt.push(adapterKeys[index]!);
      else if (envelope !== 'newer-format') {
        pending.push(envelope);
        pendingIndexes.push(index);
      }
    });
    if (pending.length > 0) {
      const valid = await this.#root.strategy.validate(pending);
      valid.forEach((ok, position) => {
        if (ok) envelopes[pendingIndexes[position]!] = pending[position];
      });
    }
    const values = slots.map((index) => {
      const envelope = envelopes[index];
      if (envelope === undefined) return undefined;
      try {
        return deserializeValue(envelope.body);
      } catch {
        envelopes[index] = undefined;
        corrupt.push(adapterKeys[index]!);
        return undefined;
      }
    });
    if (corrupt.length > 0) await this.#deleteQuietly(corrupt);
    return values;
  }

  async #deleteQuietly(adapterKeys: readonly string[]): Promise<void> {
    try {
      await this.#root.adapter.deleteMany(adapterKeys);
    } catch {
      // Best effort: the entry keeps reading as a miss either way.
    }
  }
}

function deduplicate(keys: readonly string[]): { unique: string[]; slots: number[] } {
  const positions = new Map<string, number>();
  const unique: string[] = [];
  const slots = keys.map((key) => {
    let position = positions.get(key);
    if (position === undefined) {
      position = unique.length;
      positions.set(key, position);
      unique.push(key);
    }
    return position;
  });
  return { unique, slots };
}
