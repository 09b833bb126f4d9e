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
  const current = await adapter.getMany(items.map(([key]) => key));
  const matching: number[] = [];
  items.forEach(([, expected], index) => {
    if (current[index]?.payload === expected) matching.push(index);
  });
  const results = items.map(() => false);
  if (matching.length === 0) return results;
  const written = await adapter.setMany(
    matching.map((index) => [items[index]![0], items[index]![2]] as const),
  );
  matching.forEach((index, position) => {
    results[index] = written[position] === true;
  });
  return results;
}
