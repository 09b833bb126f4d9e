import { describe, expect, it } from 'vitest';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { BackendUnavailableError } from '../../errors/backend-unavailable-error.js';
import { ClosedError } from '../../errors/closed-error.js';
import {
  type ConformanceHarness,
  describeError,
  entry,
  expectPcError,
  payloadOf,
  withDeadline,
} from './conformance-harness.js';

type Operation = readonly [name: string, run: (adapter: CacheAdapter) => Promise<unknown>];

const OPERATIONS: readonly Operation[] = [
  ['get', (adapter) => adapter.get('k')],
  ['getMany', (adapter) => adapter.getMany(['k', 'l'])],
  ['set', (adapter) => adapter.set('k', entry('v'))],
  ['setMany', (adapter) => adapter.setMany([['k', entry('v')]])],
  ['delete', (adapter) => adapter.delete('k')],
  ['deleteMany', (adapter) => adapter.deleteMany(['k', 'l'])],
  ['clear', (adapter) => adapter.clear()],
];

/** Lost backends, dispose, and use after dispose. */
export function registerFailureGroup(harness: ConformanceHarness): void {
  const { capabilities, options } = harness;
  const bound = 3 * options.timeoutMilliseconds + 1000;
  const withOptional: readonly Operation[] = [
    ...OPERATIONS,
    ...(capabilities.prune ? [['prune', (adapter) => adapter.prune!()] satisfies Operation] : []),
    ...(capabilities.compareAndSet === true
      ? [
          [
            'compareAndSet',
            (adapter) => adapter.compareAndSet!([['k', undefined, entry('v')]]),
          ] satisfies Operation,
        ]
      : []),
    ...(capabilities.enumerateKeys
      ? [
          [
            'keys',
            async (adapter) => {
              for await (const _ of adapter.keys!()) break;
            },
          ] satisfies Operation,
        ]
      : []),
  ];

  const title =
    options.unreachableFactory === undefined
      ? 'failure (no unreachable-backend test: an in-process adapter has no backend to lose)'
      : 'failure';
  describe(title, () => {
    if (options.unreachableFactory !== undefined) {
      it(
        `every operation on an unreachable backend rejects with BackendUnavailableError within ${bound} ms`,
        async () => {
          let adapter: CacheAdapter;
          try {
            adapter = await harness.unreachableAdapter();
          } catch (error) {
            // Connecting eagerly is allowed, failing with the typed error.
            expect(BackendUnavailableError.isInstance(error), describeError(error)).toBe(true);
            return;
          }
          const failures = await Promise.all(
            withOptional.map(async ([name, run]) => {
              const started = performance.now();
              let outcome: Awaited<ReturnType<typeof withDeadline>>;
              try {
                outcome = await withDeadline(
                  Promise.resolve().then(() => run(adapter)),
                  bound,
                  name,
                );
              } catch (error) {
                return `${name}: ${describeError(error)}`;
              }
              const elapsed = Math.round(performance.now() - started);
              if (outcome.settled === 'fulfilled') return `${name}: resolved after ${elapsed} ms`;
              if (!BackendUnavailableError.isInstance(outcome.error)) {
                return `${name}: rejected with ${describeError(outcome.error)}`;
              }
              return undefined;
            }),
          );
          expect(failures.filter((failure) => failure !== undefined)).toEqual([]);
          const disposed = await withDeadline(adapter.dispose(), bound, 'dispose');
          expect(disposed.settled, 'dispose of an unreachable adapter resolves').toBe('fulfilled');
        },
        bound * 2 + 5000,
      );
    }

    it('dispose is idempotent, also when called concurrently', async () => {
      const adapter = await harness.adapter();
      await adapter.set('k', entry('v'));
      await Promise.all([adapter.dispose(), adapter.dispose()]);
      await adapter.dispose();
    });

    it('every operation after dispose rejects with ClosedError', async () => {
      const adapter = await harness.adapter();
      await adapter.set('k', entry('v'));
      await adapter.dispose();
      for (const [name, run] of withOptional) {
        await expectPcError(() => run(adapter), ClosedError, `${name} after dispose`);
      }
    });

    if (capabilities.sharedAcrossInstances) {
      it('disposing one instance leaves the entries for other instances', async () => {
        const context = harness.context();
        const first = await harness.adapter(context);
        const second = await harness.adapter(context);
        await first.set('k', entry('v'));
        await first.dispose();
        expect(await payloadOf(second, 'k')).toBe('v');
      });
    }
  });
}
