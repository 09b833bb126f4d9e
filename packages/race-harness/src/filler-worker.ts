import type { AdapterEntry } from '@pc/core';
import type { WorkerInit, WorkerStats } from './ipc-messages.js';
import { sleep } from './race-worker.js';
import { createSeededRandom } from './seeded-random.js';
import { createWorkerAdapter } from './worker-backend.js';

/** Junk written per batch, in bytes: about 64 KiB whatever the item size. */
const BATCH_BYTES = 65_536;
/** Pause between batches, in ms: enough churn to evict, without taking a whole core. */
const PAUSE_MILLISECONDS = 4;

/**
 * Writes junk entries (seeded sizes, no expiry) under its own adapter namespace
 * until `stop`, so a memory-capped backend must evict, pc's records included.
 */
export async function runFiller(
  init: WorkerInit,
  stats: WorkerStats,
  stop: Promise<void>,
): Promise<void> {
  const filler = init.filler;
  if (filler === undefined) throw new TypeError('a filler worker needs init.filler');
  const adapter = createWorkerAdapter(init.backend, `${init.namespace}-junk`);
  const random = createSeededRandom(init.seed, 'filler');
  const average = (filler.minimumBytes + filler.maximumBytes) / 2;
  const batch = Math.max(1, Math.round(BATCH_BYTES / average));
  let stopping = false;
  void stop.then(() => {
    stopping = true;
  });
  let counter = 0;
  try {
    while (!stopping) {
      const items: Array<readonly [string, AdapterEntry]> = [];
      for (let index = 0; index < batch; index++) {
        const size = random.integer(filler.minimumBytes, filler.maximumBytes);
        items.push([`junk:${counter++}`, { payload: 'x'.repeat(size) }]);
      }
      try {
        await adapter.setMany(items);
        stats.fillerWrites += items.length;
      } catch (error) {
        stats.fillerErrors++;
        if (stats.errorSamples.length < 5) stats.errorSamples.push(String(error).slice(0, 300));
      }
      await sleep(PAUSE_MILLISECONDS);
    }
  } finally {
    await adapter.dispose();
  }
}
