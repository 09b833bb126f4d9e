/**
 * Invalidations recorded but not yet applied: those of an open transaction
 * (applied at the outermost commit) or those queued for retry after a failure.
 * While pending, reads of what they name bypass the cache (load, never fill).
 */
export class PendingInvalidations {
  readonly keys = new Set<string>();
  readonly tags = new Set<string>();
  /** A root `clear()` is pending: every read bypasses the cache. */
  all = false;
  /** The enclosing transaction, whose pending invalidations apply here too. */
  readonly parent: PendingInvalidations | undefined;
  /** Committed or rolled back: nothing more may be recorded. */
  closed = false;

  constructor(parent: PendingInvalidations | undefined) {
    this.parent = parent;
  }

  add(adapterKeys: Iterable<string>, tagKeys: Iterable<string>, all: boolean): void {
    for (const key of adapterKeys) this.keys.add(key);
    for (const tagKey of tagKeys) this.tags.add(tagKey);
    if (all) this.all = true;
  }

  /** Folds a committed nested transaction into this one. */
  absorb(child: PendingInvalidations): void {
    this.add(child.keys, child.tags, child.all);
  }

  get isEmpty(): boolean {
    return !this.all && this.keys.size === 0 && this.tags.size === 0;
  }

  /** `true` when a read of `adapterKey` must bypass the cache. */
  blocksKey(adapterKey: string): boolean {
    for (let scope: PendingInvalidations | undefined = this; scope; scope = scope.parent) {
      if (scope.all || scope.keys.has(adapterKey)) return true;
    }
    return false;
  }

  /** `true` when an entry tied to any of `tagKeys` must read as a miss. */
  blocksAnyTag(tagKeys: Iterable<string>): boolean {
    for (let scope: PendingInvalidations | undefined = this; scope; scope = scope.parent) {
      if (scope.all) return true;
      if (scope.tags.size === 0) continue;
      for (const tagKey of tagKeys) if (scope.tags.has(tagKey)) return true;
    }
    return false;
  }
}
