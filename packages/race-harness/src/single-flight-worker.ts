import { createCache } from '@pc/core';
import { emptyWorkerStats, type WorkerInit } from './ipc-messages.js';
import type { ParentChannel } from './parent-channel.js';
import { sleep } from './race-worker.js';
import { createWorkerAdapter, createWorkerBus } from './worker-backend.js';

/**
 * One process of the cross-process single-flight run: on `start`, `calls`
 * concurrent `getOrLoad` of one missing key, whose loader counts itself at the
 * parent and then waits. Sends the distinct values it got.
 */
export async function runSingleFlight(init: WorkerInit, channel: ParentChannel): Promise<void> {
  const options = init.singleFlight;
  if (options === undefined) throw new TypeError('a single-flight worker needs init.singleFlight');
  const adapter = createWorkerAdapter(init.backend, init.namespace);
  const bus = init.bus ? createWorkerBus(init.backend, init.busChannel, () => {}) : undefined;
  const cache = createCache({
    adapter,
    burst: init.l1 ? { ttlMilliseconds: init.burstTtlMilliseconds } : false,
    ...(bus === undefined ? {} : { bus }),
  });
  try {
    await cache.ready();
    channel.send({ type: 'ready', l1MarkerVerified: undefined });
    await channel.command('start');
    const loader = async () => {
      await channel.call('countLoad');
      await sleep(options.loaderMilliseconds);
      return { loadedBy: init.workerId };
    };
    const values = await Promise.all(
      Array.from({ length: options.calls }, () => cache.getOrLoad(options.key, loader)),
    );
    const distinct = [...new Set(values.map((value) => JSON.stringify(value)))];
    await channel.flush({ type: 'done', stats: emptyWorkerStats(), values: distinct });
  } finally {
    await cache.dispose();
    await bus?.dispose();
    await adapter.dispose();
  }
}
