import { CodecChain, decodeBody } from '../codecs/codec-chain.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import { decodeEnvelope } from '../entries/entry-envelope.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKey } from '../keys/validate-key.js';
import { deserializeValue } from '../serialization/deserialize-value.js';
import { PLAIN_JSON_KIND } from '../serialization/type-markers.js';
import type { EntryInspection, InspectedTag } from './entry-inspection.js';

/** Where `inspectEntry` looks, and how it decodes. */
export interface InspectEntryOptions {
  /** Namespace names from the root cache down (`['users']` for `cache.namespace('users')`). @default [] */
  readonly namespacePath?: readonly string[] | undefined;
  /** The codecs of that namespace, as given to `createCache` / `namespace()`. @default none */
  readonly codecs?: readonly PayloadCodec[] | undefined;
}

/**
 * Reads the entry of `key` straight from `adapter` and takes it apart: its state
 * (value, outdated, lease, ...), the value decoded through `codecs`, its TTL, its
 * size, and each tag and namespace it depends on with whether that version is
 * still current. For tools (the `pc` command line), not for serving reads: it
 * creates no tag record and deletes nothing, unlike a `Cache` read.
 * @throws InvalidKeyError / InvalidOptionsError for a bad key, namespace or codec
 *   list; the adapter's errors when it cannot be read.
 */
export async function inspectEntry(
  adapter: CacheAdapter,
  key: string,
  options: InspectEntryOptions = {},
): Promise<EntryInspection> {
  assertValidKey(key);
  let space = KeySpace.ROOT;
  for (const name of options.namespacePath ?? []) space = space.child(name);
  const chain = CodecChain.of(options.codecs, 'codecs');
  const adapterKey = space.entryKey(key);
  const base = { key, namespacePath: space.namespacePath, adapterKey };
  const entry = await adapter.get(adapterKey);
  if (entry === undefined) return { ...base, state: 'absent', sizeBytes: 0, codecs: [], tags: [] };
  const now = Date.now();
  const stored = {
    ...base,
    expiresAt: entry.expiresAt,
    ttlMilliseconds: entry.expiresAt === undefined ? undefined : entry.expiresAt - now,
    sizeBytes: Buffer.byteLength(entry.payload, 'utf8'),
  };
  const envelope = decodeEnvelope(entry.payload);
  if (envelope === 'corrupt' || envelope === 'newer-format') {
    return { ...stored, state: envelope, codecs: [], tags: [] };
  }
  if ('lease' in envelope) {
    return {
      ...stored,
      state: 'lease',
      leaseToken: envelope.lease,
      carriesValue: envelope.carried !== undefined,
      codecs: [],
      tags: [],
    };
  }
  const codecs = envelope.codecs === '' ? [] : envelope.codecs.split(',');
  const tags = await inspectTags(adapter, space, envelope.tagVersions);
  const body = decodeBody(chain, envelope.codecs, envelope.body, adapterKey);
  if (body === undefined) return { ...stored, state: 'undecodable', codecs, tags };
  let value: unknown;
  try {
    value = deserializeValue(body);
  } catch {
    return { ...stored, state: 'corrupt', codecs, tags };
  }
  const freshUntil = envelope.meta?.freshUntil;
  const valid = tags.every((tag) => tag.current);
  return {
    ...stored,
    ...(freshUntil === undefined ? {} : { freshUntil }),
    state: !valid ? 'outdated' : freshUntil !== undefined && now >= freshUntil ? 'stale' : 'value',
    value,
    plainJson: body.charAt(0) === PLAIN_JSON_KIND,
    valueBytes: Buffer.byteLength(body, 'utf8'),
    codecs,
    tags,
  };
}

/** The tag pairs of an envelope with their current records (one read, nothing written). */
async function inspectTags(
  adapter: CacheAdapter,
  space: KeySpace,
  pairs: readonly string[],
): Promise<InspectedTag[]> {
  if (pairs.length === 0) return [];
  const tagKeys = pairs.filter((_, index) => index % 2 === 0);
  const records = await adapter.getMany(tagKeys);
  const userTagPrefix = KeySpace.tagKey('');
  return tagKeys.map((tagKey, index): InspectedTag => {
    const storedVersion = pairs[index * 2 + 1]!;
    const currentVersion = records[index]?.payload;
    const depth = space.namespaceTagKeys.indexOf(tagKey);
    const namespace = depth >= 0;
    return {
      kind: namespace ? 'namespace' : 'tag',
      name: namespace
        ? space.namespacePath.slice(0, depth + 1).join('/')
        : tagKey.startsWith(userTagPrefix)
          ? tagKey.slice(userTagPrefix.length)
          : tagKey,
      storedVersion,
      currentVersion,
      current: currentVersion === storedVersion,
    };
  });
}
