// Entry of every worker process the harness forks (dist/worker.js).
import { emptyWorkerStats } from './ipc-messages.js';
import { ParentChannel } from './parent-channel.js';
import { runFiller } from './filler-worker.js';
import { RaceWorker } from './race-worker.js';
import { runSingleFlight } from './single-flight-worker.js';

/** Longest a worker waits for its connections to close before it exits anyway, in ms. */
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

async function main(): Promise<void> {
  const channel = new ParentChannel();
  const init = await channel.init();
  try {
    switch (init.role) {
      case 'race': {
        const worker = new RaceWorker(init, channel);
        await worker.setup();
        channel.send({ type: 'ready', l1MarkerVerified: worker.l1MarkerVerified });
        await channel.command('start');
        await worker.run(channel.command('stop'));
        worker.collectCacheStats();
        await channel.flush({ type: 'done', stats: worker.stats });
        await withTimeout(worker.dispose());
        break;
      }
      case 'filler': {
        const stats = emptyWorkerStats();
        channel.send({ type: 'ready', l1MarkerVerified: undefined });
        await channel.command('start');
        await runFiller(init, stats, channel.command('stop'));
        await channel.flush({ type: 'done', stats });
        break;
      }
      case 'single-flight':
        await runSingleFlight(init, channel);
        break;
    }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await channel.flush({ type: 'fatal', message });
    process.exit(1);
  }
  process.exit(0);
}

void main();
