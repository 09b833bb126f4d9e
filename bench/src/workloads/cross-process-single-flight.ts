import { forkBurstChildren } from '../harness/burst-children.js';
import type { BurstChildVariant } from '../harness/burst-protocol.js';
import type { Variant, VariantKind, Workload } from '../harness/workload.js';

/** Processes, each with its own client (pc: its own Cache and Redis adapter) on the one Redis. */
const PROCESSES = 4;
/** Concurrent callers per process and burst. */
const CALLERS_PER_PROCESS = 250;
/** The loader's wait: a query slow enough that the other processes find the first one's lease. */
const LOADER_MILLISECONDS = 20;
const TTL_MILLISECONDS = 3_600_000;

/**
 * A variant whose bursts run in `PROCESSES` forked children: each iteration sends a
 * fresh key to every child at once and ends when all of them have served all
 * their callers. One operation = one burst; its latency is the burst's.
 */
function burstVariant(name: string, kind: VariantKind, variant: BurstChildVariant): Variant {
  return {
    name,
    kind,
    async setup(context) {
      const children = await forkBurstChildren(PROCESSES, {
        variant,
        redis: await context.redis(),
        callers: CALLERS_PER_PROCESS,
        loaderMilliseconds: LOADER_MILLISECONDS,
        ttlMilliseconds: TTL_MILLISECONDS,
      });
      let bursts = 0;
      let loads = 0;
      let mostLoads = 0;
      return {
        async run() {
          bursts += 1;
          const result = await children.burst(`cross-burst:${bursts}`);
          loads += result.loads;
          mostLoads = Math.max(mostLoads, result.loads);
        },
        counters: () => ({
          loaderCallsPerBurst: bursts === 0 ? 0 : loads / bursts,
          mostLoaderCallsInABurst: mostLoads,
        }),
        teardown: () => children.close(),
      };
    },
  };
}

/** One key missed at once by callers in several processes that share one Redis. */
export const crossProcessSingleFlight: Workload = {
  id: 'cross-process-single-flight',
  title: 'Cross-process single-flight',
  description:
    `${PROCESSES} processes (forked, each with its own client on the one Redis) each make ` +
    `${CALLERS_PER_PROCESS} concurrent reads of the same uncached key (a fresh key per burst); ` +
    `the loader takes ${LOADER_MILLISECONDS} ms. One operation = one burst of ` +
    `${PROCESSES * CALLERS_PER_PROCESS} callers, timed from sending the key to the last ` +
    'process reporting done (p50 = burst latency); the notes count loader calls per burst ' +
    'over all processes (1 = single-flight across processes).',
  maxIterations: { quick: 20, full: 100 },
  variants: [
    burstVariant(`raw ioredis cache-aside (no dedupe), ${PROCESSES} processes`, 'baseline', 'raw'),
    burstVariant(`pc getOrLoad (burst L1 + Redis), ${PROCESSES} processes`, 'pc', 'pc'),
  ],
  notApplicable: [
    {
      name: 'bentocache',
      reason:
        'stampede protection is an in-process mutex (async-mutex) in 1.6.1: no lock across processes',
    },
    { name: 'cache-manager', reason: 'wrap dedupes within one process only' },
    { name: 'async-cache-dedupe', reason: 'dedupes within one process only' },
  ],
};
