import type { StoreDefinition } from '../../contracts/store-definition.js';
import { isDerivedCacheDefinition } from '../../derived/define-derived-cache.js';
import type {
  DerivedCacheDefinition,
  DerivedCacheInputs,
  DerivedInputReader,
  DerivedInputReaders,
} from '../../derived/derived-cache-definition.js';

/**
 * What a derived cache's value is, computed without any cache: stores read
 * straight from their `load`, lower-layer caches computed the same way. The kit
 * compares every value the cache returns with it.
 */
export async function computeFromSource<Args, Value>(
  definition: DerivedCacheDefinition<Args, Value, DerivedCacheInputs>,
  args: Args,
): Promise<Value | undefined> {
  const readers: Record<string, DerivedInputReader<unknown, unknown>> = {};
  for (const [name, input] of Object.entries(definition.uses)) {
    const get = isDerivedCacheDefinition(input)
      ? (id: unknown) => computeFromSource(input, id)
      : (id: unknown) => (input as StoreDefinition<unknown, unknown, never>).load(id);
    readers[name] = {
      get,
      getMany: (ids) => Promise.all(ids.map(get)),
    };
  }
  return definition.compute(args, readers as DerivedInputReaders<DerivedCacheInputs>);
}

/** Every store definition a derived cache reads, directly or through lower layers. */
export function storesOf(
  definition: DerivedCacheDefinition<unknown, unknown, DerivedCacheInputs>,
): Array<StoreDefinition<unknown, unknown, never>> {
  const found = new Set<StoreDefinition<unknown, unknown, never>>();
  const visit = (current: DerivedCacheDefinition<unknown, unknown, DerivedCacheInputs>) => {
    for (const input of Object.values(current.uses)) {
      if (isDerivedCacheDefinition(input)) visit(input);
      else found.add(input as StoreDefinition<unknown, unknown, never>);
    }
  };
  visit(definition);
  return [...found];
}
