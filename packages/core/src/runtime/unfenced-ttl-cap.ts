/**
 * The longest L2 TTL, in milliseconds, the runtime gives an entry that
 * `getOrLoad` / `getManyOrLoad` loaded while no key fence record existed for its
 * key: half of the cache's `keyFenceTtlMilliseconds`, whatever TTL was asked for
 * (none included). A fence written after such a load began must outlive the entry,
 * or a later load could no longer tell that it raced an invalidation (see
 * docs/decisions/runtime-fences.md).
 *
 * `CacheRuntime` computes the cap with this function; the store kit uses it to
 * read a stored TTL of exactly this value as "asked for no expiry".
 */
export function unfencedTtlCapMilliseconds(keyFenceTtlMilliseconds: number): number {
  return keyFenceTtlMilliseconds / 2;
}
