import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../cache/cache.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { InvalidOptionsError } from '../../errors/invalid-options-error.js';
import { argumentVariants } from './argument-variants.js';
import { type RecordedCall, recordCalls } from './call-recorder.js';
import type { StoredEntry } from './entry-recorder.js';
import { createKitCache } from './kit-cache.js';
import { createMapAdapter } from './map-adapter.js';
import { STORE_KIT_DEFAULTS, type StoreKitOptions } from './store-kit-options.js';
import type { ReadManyRow, ReadRow, StoreRow, WriteRow } from './store-kit-rows.js';

type AnyRow = StoreRow<(...args: never[]) => unknown>;
type AnyReadRow = ReadRow<(...args: never[]) => unknown>;
type AnyReadManyRow = ReadManyRow<(...args: never[]) => unknown>;
type AnyWriteRow = WriteRow<(...args: never[]) => unknown>;

interface LabelledRow<Row extends AnyRow> {
  readonly method: string;
  readonly label: string;
  readonly row: Row;
}

/** One test's world: a fresh source, adapter, cache and subject. */
interface World {
  readonly rawSource: object;
  readonly sourceCalls: RecordedCall[];
  readonly cacheCalls: RecordedCall[];
  readonly written: StoredEntry[];
  readonly subject: object;
}

/** What a call ended with: a value or an error message (compared between subject and source). */
type Outcome = { readonly value: unknown } | { readonly error: string };

/**
 * Registers the declarative store tests (vitest) for one cached source: rows
 * per method, each generating the tests its kind stands for (see `ReadRow`,
 * `ReadManyRow`, `WriteRow`), plus an invalidation matrix of every write row
 * against every read row on a real adapter.
 *
 * ```ts
 * // Name the source interface: the rows must cover its methods, not the fake's.
 * describeStore<AclSource>({
 *   name: 'acls',
 *   source: () => new InMemoryAcls(FIXTURE),
 *   subject: ({ cache, source }) => createCachedAclSource({ cache, source }),
 *   rows: {
 *     getAccountAcl: { kind: 'read', args: ['a-1'], key: 'acls:a-1', ttlMilliseconds: 600_000 },
 *     getAccountAcls: {
 *       kind: 'read-many',
 *       entries: [{ id: 'a-1', key: 'acls:a-1' }, { id: 'a-2', key: 'acls:a-2' }],
 *       ttlMilliseconds: 600_000,
 *     },
 *     grant: { kind: 'write', args: ['a-1', 'g-1', ['read']], invalidates: { keys: ['acls:a-1'] } },
 *   },
 * });
 * ```
 * Every test gets a fresh source, adapter and cache, and freezes `Date` (only
 * `Date`, via vitest fake timers) at `now`, so stored expiry is exact.
 * @throws InvalidOptionsError (while collecting) when an option or row is malformed.
 */
export function describeStore<Source extends object>(options: StoreKitOptions<Source>): void {
  const rows = resolveRows(options);
  const reads = rows.filter((entry): entry is LabelledRow<AnyReadRow> => entry.row.kind === 'read');
  const readManys = rows.filter(
    (entry): entry is LabelledRow<AnyReadManyRow> => entry.row.kind === 'read-many',
  );
  const writes = rows.filter(
    (entry): entry is LabelledRow<AnyWriteRow> => entry.row.kind === 'write',
  );
  const now = options.now ?? STORE_KIT_DEFAULTS.now;
  const makeAdapter = options.adapter ?? (() => createMapAdapter());

  describe(`store kit: ${options.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];

    afterEach(async () => {
      vi.useRealTimers();
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    const setup = async (burst: boolean): Promise<World> => {
      vi.useFakeTimers({ toFake: ['Date'], now });
      const rawSource = await options.source();
      const recordedSource = recordCalls(rawSource);
      const adapter: CacheAdapter = await makeAdapter();
      cleanups.push(() => adapter.dispose());
      const { cache, written } = createKitCache(adapter, burst);
      cleanups.push(() => cache.dispose());
      const recordedCache = recordCalls<Cache>(cache);
      const subject = options.subject({ cache: recordedCache.proxy, source: recordedSource.proxy });
      recordedCache.calls.length = 0;
      recordedSource.calls.length = 0;
      return {
        rawSource,
        sourceCalls: recordedSource.calls,
        cacheCalls: recordedCache.calls,
        written,
        subject,
      };
    };

    const reset = (world: World) => {
      world.sourceCalls.length = 0;
      world.cacheCalls.length = 0;
      world.written.length = 0;
    };

    for (const burst of [true, false]) {
      const layer = burst ? '(burst on)' : '(burst off)';

      for (const { method, label, row } of reads) {
        describe(`read ${label}`, () => {
          it(`miss: one source call; stores exactly key, tags and TTL ${layer}`, async () => {
            const world = await setup(burst);
            const outcome = await callOutcome(world.subject, method, row.args);
            expect(
              world.sourceCalls.length,
              `a miss of ${method} calls the source exactly once`,
            ).toBe(1);
            expect(outcome, `${method} returns what the source returns`).toEqual(
              await callOutcome(world.rawSource, method, row.args),
            );
            expectStored(
              world.written,
              [row.key],
              row.indexKeys ?? [],
              () => ({
                tags: row.tags ?? [],
                ttlMilliseconds: row.ttlMilliseconds,
              }),
              now,
            );
          });

          it(`hit: no source call ${layer}`, async () => {
            const world = await setup(burst);
            await callOutcome(world.subject, method, row.args);
            reset(world);
            const outcome = await callOutcome(world.subject, method, row.args);
            expect(
              world.sourceCalls.map((call) => call.method),
              `a second ${method} with the same arguments is served from the cache`,
            ).toEqual([]);
            expect(outcome).toEqual(await callOutcome(world.rawSource, method, row.args));
          });
        });
      }

      for (const { method, label, row } of readManys) {
        const ids = row.entries.map((entry) => entry.id);
        const argsOf = row.args ?? ((list: readonly unknown[]) => [list]);
        const loadedIds = row.loadedIds ?? ((args: readonly unknown[]) => args[0]);
        const loadsOf = (world: World) =>
          world.sourceCalls.map((call) => [...(loadedIds(call.args) as unknown[])]);

        describe(`read-many ${label}`, () => {
          it(`all miss: one source call with every id; stores every entry exactly ${layer}`, async () => {
            const world = await setup(burst);
            const outcome = await callOutcome(world.subject, method, argsOf(ids));
            expect(loadsOf(world), 'one source call with every id, in order').toEqual([ids]);
            expect(outcome).toEqual(await callOutcome(world.rawSource, method, argsOf(ids)));
            expectStored(
              world.written,
              row.entries.map((entry) => entry.key),
              row.entries.flatMap((entry) => entry.indexKeys ?? []),
              (key) => ({
                tags: row.entries.find((entry) => entry.key === key)?.tags ?? [],
                ttlMilliseconds: row.ttlMilliseconds,
              }),
              now,
            );
          });

          it(`all hit: no source call ${layer}`, async () => {
            const world = await setup(burst);
            await callOutcome(world.subject, method, argsOf(ids));
            reset(world);
            const outcome = await callOutcome(world.subject, method, argsOf(ids));
            expect(loadsOf(world), 'every id is served from the cache').toEqual([]);
            expect(outcome).toEqual(await callOutcome(world.rawSource, method, argsOf(ids)));
          });

          it(`partial hit: one source call with exactly the missing ids, in order ${layer}`, async () => {
            const world = await setup(burst);
            const cached = ids.filter((_, index) => index % 2 === 0);
            const missing = ids.filter((_, index) => index % 2 === 1);
            await callOutcome(world.subject, method, argsOf(cached));
            reset(world);
            const outcome = await callOutcome(world.subject, method, argsOf(ids));
            expect(loadsOf(world), 'one source call with exactly the missing ids').toEqual([
              missing,
            ]);
            expect(outcome, 'results in input order').toEqual(
              await callOutcome(world.rawSource, method, argsOf(ids)),
            );
          });
        });
      }
    }

    for (const { method, label, row } of reads) {
      const ignored = new Set(row.keyIgnores ?? []);
      for (const variant of argumentVariants(row.args)) {
        if (ignored.has(variant.path)) continue;
        it(`read ${label} > the key changes with argument ${variant.path}`, async () => {
          const world = await setup(false);
          await callOutcome(world.subject, method, row.args);
          reset(world);
          await callOutcome(world.subject, method, variant.args);
          expect(
            world.sourceCalls.length,
            `${method} with argument ${variant.path} changed was served from the cache: ` +
              'its key must include that argument (or list it in keyIgnores)',
          ).toBeGreaterThan(0);
        });
      }
    }

    for (const { method, label, row } of writes) {
      const declared = row.invalidates;
      const title =
        declared === undefined
          ? 'reaches the source and makes no cache call'
          : 'reaches the source and invalidates exactly the declared keys and tags';
      it(`write ${label} > ${title}`, async () => {
        const world = await setup(true);
        await callMethod(world.subject, method, row.args);
        expect(
          world.sourceCalls.map((call) => call.method),
          `${method} reaches the source`,
        ).toContain(method);
        const calls = world.cacheCalls.map((call) => call.method);
        if (declared === undefined) {
          expect(
            calls,
            `${method} declares no invalidation, so it must not touch the cache`,
          ).toEqual([]);
          return;
        }
        expect(calls, `${method} makes exactly one Cache.invalidate call`).toEqual(['invalidate']);
        const targets = (world.cacheCalls[0]!.args[0] ?? {}) as {
          keys?: readonly string[];
          tags?: readonly string[];
        };
        expect(sortedUnique(targets.keys ?? []), `keys ${method} invalidates`).toEqual(
          sortedUnique(declared.keys ?? []),
        );
        expect(sortedUnique(targets.tags ?? []), `tags ${method} invalidates`).toEqual(
          sortedUnique(declared.tags ?? []),
        );
      });
    }

    if (writes.length > 0 && reads.length + readManys.length > 0) {
      describe('invalidation matrix', () => {
        for (const write of writes) {
          const keys = new Set(write.row.invalidates?.keys ?? []);
          const tags = new Set(write.row.invalidates?.tags ?? []);
          const drops = (entry: {
            key: string;
            tags?: readonly string[];
            indexKeys?: readonly string[];
          }) =>
            keys.has(entry.key) ||
            (entry.indexKeys ?? []).some((key) => keys.has(key)) ||
            (entry.tags ?? []).some((tag) => tags.has(tag));

          for (const read of reads) {
            const expectMiss = drops(read.row);
            it(`after ${write.label}, ${read.label} ${expectMiss ? 'misses' : 'hits'} and returns what the source returns now`, async () => {
              const world = await setup(true);
              await callOutcome(world.subject, read.method, read.row.args);
              await callMethod(world.subject, write.method, write.row.args);
              reset(world);
              const outcome = await callOutcome(world.subject, read.method, read.row.args);
              expect(
                world.sourceCalls.length > 0,
                expectMiss
                  ? `${write.label} declares that it drops ${read.label}, but it still hit`
                  : `${write.label} declares nothing that drops ${read.label}, but it missed`,
              ).toBe(expectMiss);
              expect(
                outcome,
                `${read.label} after ${write.label} returns what the source returns now ` +
                  '(a stale hit means the write changed it without invalidating it)',
              ).toEqual(await callOutcome(world.rawSource, read.method, read.row.args));
            });
          }

          for (const read of readManys) {
            const ids = read.row.entries.map((entry) => entry.id);
            const argsOf = read.row.args ?? ((list: readonly unknown[]) => [list]);
            const loadedIds = read.row.loadedIds ?? ((args: readonly unknown[]) => args[0]);
            const missing = read.row.entries.filter(drops).map((entry) => entry.id);
            it(`after ${write.label}, ${read.label} reloads exactly [${missing.map(String).join(', ')}] and returns what the source returns now`, async () => {
              const world = await setup(true);
              await callOutcome(world.subject, read.method, argsOf(ids));
              await callMethod(world.subject, write.method, write.row.args);
              reset(world);
              const outcome = await callOutcome(world.subject, read.method, argsOf(ids));
              expect(
                world.sourceCalls.flatMap((call) => [...(loadedIds(call.args) as unknown[])]),
                `ids of ${read.label} reloaded after ${write.label}`,
              ).toEqual(missing);
              expect(
                outcome,
                `${read.label} after ${write.label} returns what the source returns now`,
              ).toEqual(await callOutcome(world.rawSource, read.method, argsOf(ids)));
            });
          }
        }
      });
    }
  });
}

function resolveRows<Source extends object>(
  options: StoreKitOptions<Source>,
): Array<LabelledRow<AnyRow>> {
  const fail = (message: string): never => {
    throw new InvalidOptionsError(`[pc:store-kit] ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('describeStore expects options');
  if (typeof options.name !== 'string' || options.name === '') fail('set "name"');
  if (typeof options.source !== 'function') fail('set "source" to a factory of the source');
  if (typeof options.subject !== 'function')
    fail('set "subject" to a factory of the cached source');
  if (typeof options.rows !== 'object' || options.rows === null) fail('set "rows"');
  const resolved: Array<LabelledRow<AnyRow>> = [];
  for (const [method, value] of Object.entries(options.rows as Record<string, unknown>)) {
    const list = (Array.isArray(value) ? value : [value]) as AnyRow[];
    if (list.length === 0) fail(`rows of "${method}" are empty`);
    list.forEach((row, index) => {
      const label =
        method +
        (row.title !== undefined ? ` [${row.title}]` : list.length > 1 ? ` #${index + 1}` : '');
      if (row.kind === 'read') {
        if (!Array.isArray(row.args)) fail(`row ${label}: set "args" to the argument list`);
        if (typeof row.key !== 'string' || row.key === '') fail(`row ${label}: set "key"`);
      } else if (row.kind === 'read-many') {
        if (!Array.isArray(row.entries) || row.entries.length < 2) {
          fail(`row ${label}: "entries" needs at least two ids (for the partial-hit test)`);
        }
      } else if (row.kind === 'write') {
        if (!Array.isArray(row.args)) fail(`row ${label}: set "args" to the argument list`);
      } else {
        fail(`row ${label}: "kind" must be "read", "read-many" or "write"`);
      }
      resolved.push({ method, label, row });
    });
  }
  return resolved;
}

async function callMethod(
  target: object,
  method: string,
  args: readonly unknown[],
): Promise<unknown> {
  const fn = Reflect.get(target, method) as unknown;
  if (typeof fn !== 'function') {
    throw new InvalidOptionsError(
      `[pc:store-kit] "${method}" is not a method of the object under test`,
    );
  }
  return (fn as (...args: unknown[]) => unknown).apply(target, [...args]);
}

async function callOutcome(
  target: object,
  method: string,
  args: readonly unknown[],
): Promise<Outcome> {
  try {
    return { value: await callMethod(target, method, args) };
  } catch (error) {
    if (InvalidOptionsError.isInstance(error) && error.message.startsWith('[pc:store-kit]')) {
      throw error;
    }
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function expectStored(
  written: readonly StoredEntry[],
  valueKeys: readonly string[],
  indexKeys: readonly string[],
  expected: (key: string) => { tags: readonly string[]; ttlMilliseconds: number | undefined },
  now: number,
): void {
  const last = new Map<string, StoredEntry>();
  for (const entry of written) last.set(entry.key, entry);
  expect([...last.keys()].sort(), 'the keys written on a miss').toEqual(
    sortedUnique([...valueKeys, ...indexKeys]),
  );
  for (const key of valueKeys) {
    const entry = last.get(key)!;
    const { tags, ttlMilliseconds } = expected(key);
    expect(entry.tags, `tags stored with ${key}`).toEqual(sortedUnique(tags));
    const stored = entry.expiresAt === undefined ? undefined : entry.expiresAt - now;
    expect(stored, `TTL stored with ${key}, in milliseconds (undefined: never expires)`).toBe(
      ttlMilliseconds,
    );
  }
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
