import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../cache/cache.js';
import type { InvalidationTargets } from '../../contracts/invalidation-targets.js';
import { bindDerivedCache } from '../../derived/bind-derived-cache.js';
import type { BoundDerivedCache } from '../../derived/bound-derived-cache.js';
import type {
  DerivedCacheDefinition,
  DerivedCacheInputs,
} from '../../derived/derived-cache-definition.js';
import { InvalidOptionsError } from '../../errors/invalid-options-error.js';
import { createInvalidatorRegistry } from '../../invalidation/create-invalidator-registry.js';
import { createStoreInvalidator } from '../../invalidation/create-store-invalidator.js';
import type { InvalidatorRegistry } from '../../invalidation/invalidator-registry.js';
import { dependencyTag } from '../../tags/dependency-tags.js';
import type { StoredEntry } from '../store-kit/entry-recorder.js';
import { createKitCache } from '../store-kit/kit-cache.js';
import { createMapAdapter } from '../store-kit/map-adapter.js';
import { STORE_KIT_DEFAULTS } from '../store-kit/store-kit-options.js';
import { computeFromSource, storesOf } from './compute-from-source.js';
import type { DerivedChangeRow, DerivedKitOptions, DerivedReadRow } from './derived-kit-options.js';

type AnyDefinition = DerivedCacheDefinition<unknown, unknown, DerivedCacheInputs>;

/** One test's world: a fresh source, adapter, cache and the derived cache under test. */
interface World<Source> {
  readonly source: Source;
  readonly definition: AnyDefinition;
  readonly cache: Cache;
  readonly derived: BoundDerivedCache<unknown, unknown, DerivedCacheInputs>;
  readonly registry: InvalidatorRegistry<never>;
  readonly written: StoredEntry[];
  /** Computations of the cache under test so far (not of lower layers). */
  readonly computations: () => number;
  /** Makes the next computations wait, after reading their inputs, until the returned function is called. */
  hold(): { readonly entered: Promise<void>; release(): void };
}

/**
 * Registers the declarative tests (vitest) of one derived cache: per read row a
 * miss and a hit test with and without the burst layer, and per change row an
 * invalidation matrix against every read row plus a race (the change made while a
 * computation runs). Values are compared with a computation straight from the
 * source (stores' `load`, no cache).
 *
 * ```ts
 * describeDerivedCache({
 *   name: 'access',
 *   source: () => new InMemoryDirectory(FIXTURE),
 *   definition: (directory) =>
 *     accessCache(groupsStore(directory), aclsStore(directory)),
 *   reads: [
 *     {
 *       args: { userId: 'ann', accountId: 'acme' },
 *       key: 'access:ann:acme',
 *       dependsOn: { keys: ['groups:ann', 'acls:acme'], tags: ['group-admins'] },
 *     },
 *   ],
 *   changes: [
 *     { title: 'revoke on acme', change: (d) => d.revokeAll('acme'),
 *       invalidates: { event: { entity: 'acl', action: 'update', ids: ['acme'] } } },
 *   ],
 * });
 * ```
 * @throws InvalidOptionsError (while collecting) when an option or row is malformed.
 */
export function describeDerivedCache<Source, Args, Value>(
  options: DerivedKitOptions<Source, Args, Value>,
): void {
  checkOptions(options);
  const reads = options.reads.map((row) => ({ label: row.title ?? row.key, row }));
  const changes = options.changes ?? [];
  const now = options.now ?? STORE_KIT_DEFAULTS.now;
  const makeAdapter = options.adapter ?? (() => createMapAdapter());

  describe(`derived cache kit: ${options.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];

    afterEach(async () => {
      vi.useRealTimers();
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    const setup = async (burst: boolean): Promise<World<Source>> => {
      vi.useFakeTimers({ toFake: ['Date'], now });
      const source = await options.source();
      const definition = options.definition(source) as AnyDefinition;
      const adapter = await makeAdapter();
      cleanups.push(() => adapter.dispose());
      const { cache, written } = createKitCache(adapter, burst);
      cleanups.push(() => cache.dispose());
      let computations = 0;
      let held: Promise<void> | undefined;
      let entered: (() => void) | undefined;
      const counted: AnyDefinition = {
        ...definition,
        compute: async (args, inputs) => {
          computations++;
          const value = await definition.compute(args, inputs);
          entered?.();
          if (held !== undefined) await held;
          return value;
        },
      };
      const invalidators = storesOf(definition)
        .filter((store) => store.invalidatedBy !== undefined)
        .map((store) => createStoreInvalidator(store));
      return {
        source,
        definition,
        cache,
        derived: bindDerivedCache(cache, counted),
        registry: createInvalidatorRegistry(cache, invalidators) as InvalidatorRegistry<never>,
        written,
        computations: () => computations,
        hold: () => {
          let release!: () => void;
          held = new Promise((resolve) => {
            release = resolve;
          });
          const enteredPromise = new Promise<void>((resolve) => {
            entered = resolve;
          });
          return {
            entered: enteredPromise,
            release: () => {
              held = undefined;
              entered = undefined;
              release();
            },
          };
        },
      };
    };

    const truth = (world: World<Source>, args: unknown) =>
      computeFromSource(world.definition, args);

    for (const burst of [true, false]) {
      const layer = burst ? '(burst on)' : '(burst off)';
      for (const { label, row } of reads) {
        describe(`read ${label}`, () => {
          it(`miss: one computation; stores exactly the key, its dependencies and TTL ${layer}`, async () => {
            const world = await setup(burst);
            const value = await world.derived.get(row.args);
            expect(world.computations(), 'a miss computes exactly once').toBe(1);
            expect(value, 'the value equals a computation straight from the source').toEqual(
              await truth(world, row.args),
            );
            const stored = world.written.filter((entry) => entry.key === row.key);
            expect(
              stored.length,
              `exactly one entry is written under ${row.key} (written: ${[...new Set(world.written.map((entry) => entry.key))].join(', ')})`,
            ).toBe(1);
            expect(
              stored[0]!.tags,
              `the dependencies recorded for ${row.key}: the dependency tag of every key in dependsOn.keys and every tag in dependsOn.tags`,
            ).toEqual(expectedTags(row));
            const ttl = stored[0]!.expiresAt === undefined ? undefined : stored[0]!.expiresAt - now;
            expect(ttl, `TTL stored with ${row.key}, in milliseconds`).toBe(row.ttlMilliseconds);
          });

          it(`hit: no computation ${layer}`, async () => {
            const world = await setup(burst);
            await world.derived.get(row.args);
            const value = await world.derived.get(row.args);
            expect(world.computations(), 'a second read is served from the cache').toBe(1);
            expect(value).toEqual(await truth(world, row.args));
          });
        });
      }
    }

    for (const change of changes) {
      describe(`after ${change.title}`, () => {
        for (const { label, row } of reads) {
          it(`${label} misses exactly when the invalidation meets what it depends on, and returns what the source returns now`, async () => {
            const world = await setup(true);
            await world.derived.get(row.args);
            const targets = await applyChange(world, change);
            const expectMiss = meets(targets, row);
            const value = await world.derived.get(row.args);
            expect(
              world.computations() === 2,
              expectMiss
                ? `${change.title} invalidates ${describeTargets(targets)}, which ${label} depends on, but it still hit`
                : `${change.title} invalidates ${describeTargets(targets)}, nothing ${label} depends on, but it missed`,
            ).toBe(expectMiss);
            expect(
              value,
              `${label} after ${change.title} equals a computation straight from the source ` +
                '(a stale hit means the value depends on something dependsOn does not list)',
            ).toEqual(await truth(world, row.args));
          });

          it(`${label}: the change made while a computation runs leaves nothing stale readable`, async () => {
            const world = await setup(true);
            const held = world.hold();
            const reading = world.derived.get(row.args);
            await held.entered;
            const targets = await applyChange(world, change);
            held.release();
            await reading;
            if (meets(targets, row)) {
              expect(
                await world.cache.get(row.key),
                `${row.key} computed before ${change.title} must not be stored`,
              ).toBeUndefined();
            }
            expect(await world.derived.get(row.args)).toEqual(await truth(world, row.args));
          });
        }
      });
    }
  });
}

async function applyChange<Source>(
  world: World<Source>,
  change: DerivedChangeRow<Source>,
): Promise<Required<InvalidationTargets>> {
  await change.change?.(world.source);
  const invalidates = change.invalidates;
  if ('event' in invalidates) return world.registry.dispatch(invalidates.event as never);
  const targets = { keys: invalidates.keys ?? [], tags: invalidates.tags ?? [] };
  await world.cache.invalidate(targets);
  return targets;
}

function meets(targets: Required<InvalidationTargets>, row: DerivedReadRow<unknown>): boolean {
  const keys = new Set(targets.keys);
  const tags = new Set(targets.tags);
  return (
    keys.has(row.key) ||
    (row.dependsOn.keys ?? []).some((key) => keys.has(key)) ||
    (row.dependsOn.tags ?? []).some((tag) => tags.has(tag))
  );
}

function expectedTags(row: DerivedReadRow<unknown>): string[] {
  return [
    ...new Set([
      ...(row.dependsOn.tags ?? []),
      ...(row.dependsOn.keys ?? []).map((key) => dependencyTag([], key)),
    ]),
  ].sort();
}

function describeTargets(targets: Required<InvalidationTargets>): string {
  const parts = [
    ...targets.keys.map((key) => `key ${key}`),
    ...targets.tags.map((tag) => `tag ${tag}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function checkOptions<Source, Args, Value>(options: DerivedKitOptions<Source, Args, Value>): void {
  const fail = (message: string): never => {
    throw new InvalidOptionsError(`[pc:derived-kit] ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('describeDerivedCache expects options');
  if (typeof options.name !== 'string' || options.name === '') fail('set "name"');
  if (typeof options.source !== 'function') fail('set "source" to a factory of the source');
  if (typeof options.definition !== 'function') {
    fail('set "definition" to a function of the source returning the derived cache definition');
  }
  if (!Array.isArray(options.reads) || options.reads.length === 0) {
    fail('set "reads" to at least one read row');
  }
  for (const row of options.reads) {
    if (typeof row.key !== 'string' || row.key === '') fail('every read row needs a "key"');
    if (typeof row.dependsOn !== 'object' || row.dependsOn === null) {
      fail(`read row ${row.key}: set "dependsOn" to { keys, tags }`);
    }
  }
  for (const change of options.changes ?? []) {
    if (typeof change.title !== 'string' || change.title === '') {
      fail('every change row needs a "title"');
    }
    if (typeof change.invalidates !== 'object' || change.invalidates === null) {
      fail(`change ${change.title}: set "invalidates" to { keys, tags } or { event }`);
    }
  }
}
