const CONSTRUCTION_TOKEN: unique symbol = Symbol('TagVersions');

/**
 * A snapshot of tag versions taken by `Cache.readTagVersions(tags)`. Pass it to
 * `set(key, value, { tags, tagVersions })` to store an entry against the versions
 * as they were when the snapshot was taken (typically before loading the value):
 * if any of those tags is invalidated in between, the entry reads as a miss, so a
 * slow load can never resurrect data written before an invalidation.
 *
 * Opaque: only a cache over the same root that took it can use it.
 */
export class TagVersions {
  /** The user tags the snapshot covers (namespace tags are covered implicitly). */
  readonly tags: readonly string[];

  /** Not for user code: snapshots come from `Cache.readTagVersions`. */
  constructor(token: typeof CONSTRUCTION_TOKEN, tags: readonly string[]) {
    if (token !== CONSTRUCTION_TOKEN) {
      throw new TypeError('[pc:cache] TagVersions come from Cache.readTagVersions()');
    }
    this.tags = tags;
  }
}

const SNAPSHOTS = new WeakMap<
  TagVersions,
  { readonly owner: object; readonly versions: ReadonlyMap<string, string> }
>();

/** Creates a snapshot owned by `owner` (the root state of a cache). Internal to core. */
export function createTagVersions(
  owner: object,
  tags: readonly string[],
  versions: ReadonlyMap<string, string>,
): TagVersions {
  const snapshot = new TagVersions(CONSTRUCTION_TOKEN, tags);
  SNAPSHOTS.set(snapshot, { owner, versions });
  return snapshot;
}

/**
 * The versions (by tag key) of `snapshot`, or `undefined` when it is not a
 * snapshot taken under `owner`. Internal to core.
 */
export function tagVersionsOf(
  snapshot: unknown,
  owner: object,
): ReadonlyMap<string, string> | undefined {
  const data = SNAPSHOTS.get(snapshot as TagVersions);
  return data?.owner === owner ? data.versions : undefined;
}
