import { assertValidNamespaceName } from './namespace-name.js';

const ENTRY_PREFIX = 'e';
const TAG_PREFIX = 't:';
const NAMESPACE_TAG_PREFIX = 'n';
const PATH_SEPARATOR = '/';
const KEY_SEPARATOR = ':';

/**
 * How a Cache maps its keys and tags into the adapter's key space.
 *
 * - entry:          `e` + (`/` + namespace name)* + `:` + user key
 * - user tag:       `t:` + tag
 * - namespace tag:  `n` + (`/` + namespace name)+
 *
 * The first character keeps the three kinds disjoint. Namespace names contain
 * neither `/` nor `:`, so the first `:` of an entry key ends its namespace path and
 * everything after it is the user key verbatim: the mapping is injective, and a
 * key like `../x` or `a:b` cannot reach another namespace.
 */
export class KeySpace {
  /** The key space of a root cache (no namespace). */
  static readonly ROOT = new KeySpace([]);

  /** Namespace names from the root down to this namespace; empty at the root. */
  readonly namespacePath: readonly string[];
  /**
   * Tag keys of this namespace and of each ancestor namespace. Every entry written
   * here carries them, so clearing any enclosing namespace invalidates it.
   */
  readonly namespaceTagKeys: readonly string[];
  readonly #entryPrefix: string;

  private constructor(namespacePath: readonly string[]) {
    this.namespacePath = namespacePath;
    const suffix = namespacePath.map((name) => PATH_SEPARATOR + name).join('');
    this.#entryPrefix = ENTRY_PREFIX + suffix + KEY_SEPARATOR;
    this.namespaceTagKeys = namespacePath.map(
      (_, index) =>
        NAMESPACE_TAG_PREFIX +
        namespacePath
          .slice(0, index + 1)
          .map((name) => PATH_SEPARATOR + name)
          .join(''),
    );
  }

  /** The key space of the child namespace `name` (validated). */
  child(name: string): KeySpace {
    assertValidNamespaceName(name);
    return new KeySpace([...this.namespacePath, name]);
  }

  /** The tag key of this namespace itself; `undefined` at the root. */
  get ownNamespaceTagKey(): string | undefined {
    return this.namespaceTagKeys[this.namespaceTagKeys.length - 1];
  }

  /** Adapter key of the entry `key` (a validated user key). */
  entryKey(key: string): string {
    return this.#entryPrefix + key;
  }

  /** Adapter key of the version record of the user tag `tag`. Tags are shared by all namespaces. */
  static tagKey(tag: string): string {
    return TAG_PREFIX + tag;
  }

  /**
   * Inverse of `entryKey`: the namespace path and user key of an adapter key, or
   * `undefined` when `adapterKey` is not an entry key.
   */
  static decodeEntryKey(
    adapterKey: string,
  ): { namespacePath: readonly string[]; key: string } | undefined {
    if (!adapterKey.startsWith(ENTRY_PREFIX)) return undefined;
    const end = adapterKey.indexOf(KEY_SEPARATOR);
    if (end < 0) return undefined;
    const path = adapterKey.slice(ENTRY_PREFIX.length, end);
    if (path !== '' && !path.startsWith(PATH_SEPARATOR)) return undefined;
    return {
      namespacePath: path === '' ? [] : path.slice(1).split(PATH_SEPARATOR),
      key: adapterKey.slice(end + 1),
    };
  }
}
