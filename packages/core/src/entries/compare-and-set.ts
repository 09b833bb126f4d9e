import type { CacheAdapter } from '../contracts/cache-adapter.js';
import type { CompareAndSetItem } from '../contracts/compare-and-set-item.js';

/** `true` when the adapter's `compareAndSet` is atomic across every instance sharing it. */
export function hasNativeCompareAndSet(adapter: CacheAdapter): boolean {
  return adapter.capabilities.compareAndSet === true && typeof adapter.compareAndSet === 'function';
}

/**
 * The adapter's `compareAndSet`, or, for an adapter without the capability, an
 * emulation: one `getMany`, then one `setMany` of the items whose condition held.
 * The emulation is not atomic: an operation of another process (or of this one,
 * during the awaits) between the read and the write is not seen. Fills stay fenced
 * against this process's own invalidations by the flights; see
 * docs/decisions/fill-leases.md for what that leaves open across processes.
 */
export async function compareAndSet(
  adapter: CacheAdapter,
  items: ReadonlyArray<CompareAndSetItem>,
): Promise<boolean[]> {
  if (items.length === 0) return [];
  if (hasNativeCompareAndSet(adapter)) return adapter.compareAndSet!(items);
  return emulateCompareAndSet(adapter, items, (matching) =>
    adapter.setMany(matching.map(([key, , entry]) => [key, entry] as const)),
  );
}

/**
 * The emulation itself: one `getMany` of the items' keys, then `write` of the
 * items whose condition held (as `setMany` would write them).
 * @returns one boolean per item: `true` when its condition held and `write` stored it.
 */
export async function emulateCompareAndSet<
  Item extends readonly [key: string, expected: string | undefined, ...rest: unknown[]],
>(
  adapter: CacheAdapter,
  items: readonly Item[],
  write: (matching: Item[]) => Promise<boolean[]>,
): Promise<boolean[]> {
  const current = await adapter.getMany(items.map(([key]) => key));
  const matching: number[] = [];
  items.forEach(([, expected], index) => {
    if (current[index]?.payload === expected) matching.push(index);
  });
  const results = items.map(() => false);
  if (matching.length === 0) return results;
  const written = await write(matching.map((index) => items[index]!));
  matching.forEach((index, position) => {
    results[index] = written[position] === true;
  });
  return results;
}
