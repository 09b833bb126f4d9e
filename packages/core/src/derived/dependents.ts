import { dependencyTagKeyOfEntry } from '../tags/dependency-tags.js';

const NONE: readonly string[] = [];

/**
 * The inputs of derived caches bound to each root cache (in this process), as
 * adapter-key prefixes `e[/namespace...]:<input name>:`. A key invalidation of an
 * entry under one of them also invalidates that entry's dependency tag; roots
 * without derived caches have no record here and pay one lookup per invalidation.
 */
const INPUTS_BY_ROOT = new WeakMap<object, Set<string>>();

/** Records that entries under `entryPrefix` of the root `root` feed a derived cache. */
export function trackInputs(root: object, entryPrefix: string): void {
  let prefixes = INPUTS_BY_ROOT.get(root);
  if (prefixes === undefined) {
    prefixes = new Set();
    INPUTS_BY_ROOT.set(root, prefixes);
  }
  prefixes.add(entryPrefix);
}

/**
 * The dependency tag keys to invalidate with the entries `adapterKeys` of the root
 * `root`: one per key that some derived cache of this root reads.
 */
export function dependencyTagKeysOf(
  root: object,
  adapterKeys: readonly string[],
): readonly string[] {
  const prefixes = INPUTS_BY_ROOT.get(root);
  if (prefixes === undefined || adapterKeys.length === 0) return NONE;
  const tagKeys: string[] = [];
  for (const adapterKey of adapterKeys) {
    const nameStart = adapterKey.indexOf(':');
    const nameEnd = nameStart < 0 ? -1 : adapterKey.indexOf(':', nameStart + 1);
    if (nameEnd < 0 || !prefixes.has(adapterKey.slice(0, nameEnd + 1))) continue;
    const tagKey = dependencyTagKeyOfEntry(adapterKey);
    if (tagKey !== undefined) tagKeys.push(tagKey);
  }
  return tagKeys;
}
