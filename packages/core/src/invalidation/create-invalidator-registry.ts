import type { Cache } from '../cache/cache.js';
import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { InvalidationTargets } from '../contracts/invalidation-targets.js';
import type { Invalidator } from '../contracts/invalidator.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { InvalidationError } from '../errors/invalidation-error.js';
import type { HandledEvent } from './handled-events.js';
import type { InvalidatorRegistry } from './invalidator-registry.js';

/**
 * Creates the app's invalidator registry over `cache` (the cache the stores are
 * bound to). Adding an invalidator is one file and one line here:
 * ```ts
 * export const invalidators = [
 *   createStoreInvalidator(aclsStore),
 *   createStoreInvalidator(groupsStore),
 *   movedSubtreeInvalidator,
 * ] as const;
 * export const registry = createInvalidatorRegistry(cache, invalidators);
 * ```
 * @throws InvalidOptionsError when an invalidator is malformed or two share a name.
 */
export function createInvalidatorRegistry<const Invalidators extends readonly Invalidator[]>(
  cache: Cache,
  invalidators: Invalidators,
): InvalidatorRegistry<HandledEvent<Invalidators>> {
  if (!Array.isArray(invalidators)) {
    throw new InvalidOptionsError('[pc:invalidation] pass the invalidators as an array');
  }
  const byEntity = new Map<string, Invalidator[]>();
  const names = new Set<string>();
  for (const invalidator of invalidators as ReadonlyArray<Invalidator>) {
    const name = (invalidator as Partial<Invalidator> | undefined)?.name;
    if (typeof name !== 'string' || name === '') {
      throw new InvalidOptionsError('[pc:invalidation] every invalidator needs a non-empty "name"');
    }
    if (names.has(name)) {
      throw new InvalidOptionsError(
        `[pc:invalidation] two invalidators are named "${name}"; names must be unique`,
      );
    }
    names.add(name);
    if (!Array.isArray(invalidator.entities) || invalidator.entities.length === 0) {
      throw new InvalidOptionsError(
        `[pc:invalidation] invalidator "${name}": set "entities" to the event entities it handles`,
      );
    }
    if (typeof invalidator.targets !== 'function') {
      throw new InvalidOptionsError(`[pc:invalidation] invalidator "${name}" has no targets()`);
    }
    for (const entity of invalidator.entities) {
      const list = byEntity.get(entity) ?? [];
      list.push(invalidator);
      byEntity.set(entity, list);
    }
  }

  const targetsOf = async (
    input: InvalidateEvent | readonly InvalidateEvent[],
  ): Promise<Required<InvalidationTargets>> => {
    const events: readonly InvalidateEvent[] = Array.isArray(input)
      ? input
      : [input as InvalidateEvent];
    const keys = new Set<string>();
    const tags = new Set<string>();
    const failures: Array<{ name: string; error: unknown }> = [];
    const pending: Array<Promise<void>> = [];
    for (const event of events) {
      assertEvent(event);
      for (const invalidator of byEntity.get(event.entity) ?? []) {
        if (invalidator.actions !== undefined && !invalidator.actions.includes(event.action)) {
          continue;
        }
        pending.push(
          (async () => {
            try {
              const targets = await invalidator.targets(event);
              for (const key of targets?.keys ?? []) keys.add(key);
              for (const tag of targets?.tags ?? []) tags.add(tag);
            } catch (error) {
              failures.push({ name: invalidator.name, error });
            }
          })(),
        );
      }
    }
    await Promise.all(pending);
    const merged = { keys: [...keys], tags: [...tags] };
    if (failures.length > 0) throw new PartialTargetsError(merged, failures);
    return merged;
  };

  const execute = async (targets: Required<InvalidationTargets>): Promise<void> => {
    if (targets.keys.length === 0 && targets.tags.length === 0) return;
    await cache.invalidate(targets);
  };

  return {
    invalidators,
    async targetsOf(events) {
      try {
        return await targetsOf(events);
      } catch (error) {
        if (error instanceof PartialTargetsError) throw error.toInvalidationError();
        throw error;
      }
    },
    async dispatch(events) {
      let targets: Required<InvalidationTargets>;
      try {
        targets = await targetsOf(events);
      } catch (error) {
        if (!(error instanceof PartialTargetsError)) throw error;
        // Dropping too much is safe, too little is not: run what the others asked for.
        try {
          await execute(error.targets);
        } catch (executeError) {
          throw error.toInvalidationError(executeError);
        }
        throw error.toInvalidationError();
      }
      await execute(targets);
      return targets;
    },
  };
}

class PartialTargetsError extends Error {
  constructor(
    readonly targets: Required<InvalidationTargets>,
    readonly failures: ReadonlyArray<{ name: string; error: unknown }>,
  ) {
    super('partial targets');
  }

  toInvalidationError(executeError?: unknown): InvalidationError {
    const names = this.failures.map((failure) => `"${failure.name}"`).join(', ');
    const first = this.failures[0]!.error;
    return new InvalidationError(
      `[pc:invalidation] invalidator ${names} threw: ${first instanceof Error ? first.message : String(first)}; ` +
        (executeError === undefined
          ? "the other invalidators' targets were invalidated"
          : "invalidating the other invalidators' targets failed too"),
      { cause: this.failures.length === 1 ? first : this.failures.map((failure) => failure.error) },
    );
  }
}

function assertEvent(event: InvalidateEvent): void {
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.entity !== 'string' ||
    !Array.isArray(event.ids)
  ) {
    throw new InvalidOptionsError(
      '[pc:invalidation] an invalidate event needs an "entity" string and an "ids" array',
    );
  }
}
