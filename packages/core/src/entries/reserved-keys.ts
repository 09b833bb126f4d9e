/**
 * The tag-invalidation epoch, an adapter key next to the key space of `KeySpace`
 * (entries `e`, user tags `t:`, namespace tags `n`; `x:` keeps it disjoint from
 * them). Every tag invalidation rewrites it before the tag versions, so a load
 * whose tags come from its value can tell whether any tag was invalidated while
 * it ran.
 */
export const TAG_EPOCH_KEY = 'x:tag-epoch';
