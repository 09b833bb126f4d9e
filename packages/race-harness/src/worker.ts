// Entry of every worker process the harness forks (dist/worker.js). A worker serves
// one run (configuration) after another until the parent disconnects.
import { runFiller } from './filler-worker.js';
import { emptyWorkerStats, type WorkerInit } from './ipc-messages.js';
import { ParentChannel } from './parent-channel.js';
import { RaceWorker } from './race-worker.js';
import { runSingleFlight } from './single-flight-worker.js';

/** Longest a worker waits for its connections to close before it goes on, in ms. */
const DISPOSE_TIMEOUT_MILLISECONDS = 2_000;

async function withTimeout(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise((resolve) => {
      timer = setTimeout(resolve, DISPOSE_TIMEOUT_MILLISECONDS);
    }),
  ]);
  clearTimeout(timer);
}

async function serve(init: WorkerInit, channel: ParentChannel): Promise<void> {
  switch (init.role) {
    case 'race': {
      const worker = new RaceWorker(init, channel);
      try {
        await worker.setup();
        channel.send({ type: 'ready', l1MarkerVerified: worker.l1MarkerVerified });
        await channel.command('start');
        await worker.run(channel.command('stop'));
        worker.collectCacheStats();
        await channel.flush({ type: 'done', stats: worker.stats });
      } finally {
        await withTimeout(worker.dispose());
      }
      return;
    }
    case 'filler': {
      const stats = emptyWorkerStats();
      await runFiller(
        init,
        stats,
        () => channel.send({ type: 'ready', l1MarkerVerified: undefined }),
        channel.command('stop'),
      );
      await channel.flush({ type: 'done', stats });
      return;
    }
    case 'single-flight':
      await runSingleFlight(init, channel);
      return;
  }
}

async function main(): Promise<void> {
  const channel = new ParentChannel();
  for (;;) {
    const init = await channel.nextInit();
    try {
      await serve(init, channel);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      await channel.flush({ type: 'fatal', message });
      // Half-closed clients may keep timers and sockets: start clean next time.
      process.exit(1);
    }
  }
}

void main();
