import { KeySpace } from '../keys/key-space.js';

/**
 * Reserved prefix of dependency tags: a tag beginning with it is written by derived
 * caches, never by hand. Followed by `:` at the root and by `/` in a namespace.
 */
export const DEPENDENCY_TAG_PREFIX = 'pc-dep';

const ROOT_TAG_KEY_PREFIX = KeySpace.tagKey(`${DEPENDENCY_TAG_PREFIX}:`);
const NAMESPACE_TAG_KEY_PREFIX = KeySpace.tagKey(`${DEPENDENCY_TAG_PREFIX}/`);

/**
 * The dependency tag of the cache entry `key` of the namespace at `namespacePath`:
 * `pc-dep:<key>` at the root, `pc-dep/<namespace>/...:<key>` in a namespace. A
 * derived entry carries the dependency tag of every entry its computation read;
 * invalidating such an input by key also invalidates its dependency tag. Namespace
 * names contain neither `/` nor `:`, so the mapping is injective.
 */
export function dependencyTag(namespacePath: readonly string[], key: string): string {
  let tag = DEPENDENCY_TAG_PREFIX;
  for (const name of namespacePath) tag += `/${name}`;
  return `${tag}:${key}`;
}

/** The tag key of the dependency tag of an entry, from the entry's adapter key. */
export function dependencyTagKeyOfEntry(adapterKey: string): string | undefined {
  const decoded = KeySpace.decodeEntryKey(adapterKey);
  if (decoded === undefined) return undefined;
  return KeySpace.tagKey(dependencyTag(decoded.namespacePath, decoded.key));
}

/** `true` when some of `tagKeys` is a dependency tag's key. */
export function hasDependencyTagKey(tagKeys: readonly string[]): boolean {
  for (const tagKey of tagKeys) {
    if (tagKey.startsWith(ROOT_TAG_KEY_PREFIX) || tagKey.startsWith(NAMESPACE_TAG_KEY_PREFIX)) {
      return true;
    }
  }
  return false;
}
