/**
 * Adapter keys the runtime adds next to the key space of `KeySpace` (entries `e`,
 * user tags `t:`, namespace tags `n`). Their first characters keep them disjoint
 * from it and from each other.
 */

/** Key fence record of an entry: `f` + the entry's adapter key. */
export function fenceKeyOf(adapterKey: string): string {
  return `f${adapterKey}`;
}

/**
 * The tag-invalidation epoch: rewritten (before the tag versions) by every tag
 * invalidation, so a load whose tags come from its value can tell whether any
 * tag was invalidated while it ran.
 */
export const TAG_EPOCH_KEY = 'x:tag-epoch';

/**
 * In an entry envelope, the pair whose tag key is `''` holds the entry's key
 * fence version as read before its load (`''`: there was no fence record).
 */
export const FENCE_PAIR_KEY = '';
