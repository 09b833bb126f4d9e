import { type CodecChain, encodeBody } from '../codecs/codec-chain.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { SerializationError } from '../errors/serialization-error.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKeys } from '../keys/validate-key.js';
import type { CacheRuntime } from '../runtime/cache-runtime.js';
import { serializeValue } from '../serialization/serialize-value.js';
import type { PendingWrite } from '../tags/tag-strategy.js';
import { tagVersionsOf } from '../tags/tag-versions.js';
import { SET_OPTION_NAMES, ttlOf } from './option-names.js';
import type { SetOptions } from './set-options.js';

/** A write of `set` / `setMany`, validated and serialized. */
export interface PreparedWrite extends PendingWrite {
  /** TTL was zero or negative: the write removes the key. */
  readonly expired: boolean;
}

/** Validates and serializes one write of `set` / `setMany`; throws before any I/O. */
export function prepareWrite(
  runtime: CacheRuntime,
  keys: KeySpace,
  key: string,
  value: unknown,
  options: SetOptions,
  knownNames: ReadonlySet<string>,
  now: number,
  codecs: CodecChain | undefined,
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
  const { tags, tagVersions } = options;
  const ttlMilliseconds = ttlOf(options.ttlMilliseconds);
  if (tags !== undefined && !Array.isArray(tags)) {
    throw new InvalidOptionsError('[pc:cache] set "tags" to an array of tag strings');
  }
  if (tags !== undefined) assertValidKeys(tags, 'tag');
  let captured: ReadonlyMap<string, string> | undefined;
  if (tagVersions !== undefined) {
    captured = tagVersionsOf(tagVersions, runtime);
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
  const adapterKey = keys.entryKey(key);
  const ttl = ttlMilliseconds ?? runtime.defaultTtlMilliseconds;
  if (ttl !== undefined && ttl <= 0) {
    return {
      adapterKey,
      body,
      codecs: '',
      expiresAt: now,
      tagKeys: [],
      capturedVersions: undefined,
      expired: true,
    };
  }
  const tagKeys = [...new Set(tags ?? [])].map((tag) => KeySpace.tagKey(tag));
  tagKeys.push(...keys.namespaceTagKeys);
  if (captured !== undefined && runtime.strategy.usesVersions) {
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
    ...encodeBody(codecs, body, adapterKey),
    expiresAt: ttl === undefined || ttl === Number.POSITIVE_INFINITY ? undefined : now + ttl,
    tagKeys,
    capturedVersions: captured,
    expired: false,
  };
}
