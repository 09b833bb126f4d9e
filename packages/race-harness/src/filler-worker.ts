import { connect, type Socket } from 'node:net';
import type { BackendEndpoint, WorkerInit, WorkerStats } from './ipc-messages.js';
import { createSeededRandom } from './seeded-random.js';

/** Junk written per pipelined batch, in bytes. */
const BATCH_BYTES = 262_144;
/** Pause between batches during the race, in ms: churn without taking a whole core. */
const PAUSE_MILLISECONDS = 5;

const sleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * A pipelined connection that writes junk with the backend's own text protocol
 * (Redis `SET`, memcached `set`), far cheaper than going through an adapter: the
 * filler exists to make the backend evict, not to test pc.
 */
class JunkWriter {
  readonly #socket: Socket;
  readonly #memcached: boolean;
  readonly #replyEnd: string;
  #pending = 0;
  #buffer = '';
  #waiter: (() => void) | undefined;
  #failure: Error | undefined;

  private constructor(socket: Socket, memcached: boolean) {
    this.#socket = socket;
    this.#memcached = memcached;
    this.#replyEnd = '\r\n';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.#onData(chunk));
    socket.on('error', (error) => {
      this.#failure = error;
      this.#waiter?.();
    });
    socket.on('close', () => {
      this.#failure ??= new Error('filler connection closed');
      this.#waiter?.();
    });
  }

  static open(backend: BackendEndpoint): Promise<JunkWriter> {
    const location =
      backend.kind === 'memcached'
        ? backend.servers[0]!
        : new URL(backend.kind === 'redis' ? backend.url : 'redis://127.0.0.1').host;
    const [host, port] = location.split(':') as [string, string];
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port: Number(port) }, () =>
        resolve(new JunkWriter(socket, backend.kind === 'memcached')),
      );
      socket.once('error', reject);
    });
  }

  // Every reply to a plain SET / set is one line (+OK, -OOM..., STORED, SERVER_ERROR).
  #onData(chunk: string): void {
    this.#buffer += chunk;
    let index = this.#buffer.indexOf(this.#replyEnd);
    while (index >= 0) {
      this.#pending--;
      this.#buffer = this.#buffer.slice(index + 2);
      index = this.#buffer.indexOf(this.#replyEnd);
    }
    if (this.#pending <= 0) this.#waiter?.();
  }

  /** Writes the items in one pipeline and resolves once every reply arrived. */
  async write(items: ReadonlyArray<readonly [key: string, size: number]>): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    let text = '';
    for (const [key, size] of items) {
      const value = 'x'.repeat(size);
      text += this.#memcached
        ? `set ${key} 0 0 ${size}\r\n${value}\r\n`
        : `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${size}\r\n${value}\r\n`;
    }
    this.#pending += items.length;
    const done = new Promise<void>((resolve) => {
      this.#waiter = resolve;
    });
    this.#socket.write(text, 'latin1');
    await done;
    this.#waiter = undefined;
    if (this.#failure !== undefined) throw this.#failure;
  }

  close(): void {
    this.#socket.destroy();
  }
}

/**
 * Fills the backend with junk (seeded sizes, no expiry, keys apart from pc's):
 * `prefillBytes` first, then `ready`, then more until `stop`, so a memory-capped
 * backend evicts during the whole race, pc's records included.
 */
export async function runFiller(
  init: WorkerInit,
  stats: WorkerStats,
  ready: () => void,
  stop: Promise<void>,
): Promise<void> {
  const plan = init.filler;
  if (plan === undefined) throw new TypeError('a filler worker needs init.filler');
  if (init.backend.kind === 'redis-cluster') {
    throw new TypeError('the filler writes to one server: Redis or memcached');
  }
  const writer = await JunkWriter.open(init.backend);
  const random = createSeededRandom(init.seed, 'filler');
  let counter = 0;
  const batch = (): Array<readonly [string, number]> => {
    const items: Array<readonly [string, number]> = [];
    let bytes = 0;
    while (bytes < BATCH_BYTES) {
      const size = random.integer(plan.minimumBytes, plan.maximumBytes);
      items.push([`junk:${init.workerId}:${counter++}`, size]);
      bytes += size;
    }
    return items;
  };
  const writeBatch = async (): Promise<number> => {
    const items = batch();
    try {
      await writer.write(items);
      stats.fillerWrites += items.length;
    } catch (error) {
      stats.fillerErrors++;
      if (stats.errorSamples.length < 5) stats.errorSamples.push(String(error).slice(0, 300));
      throw error;
    }
    return items.reduce((sum, [, size]) => sum + size, 0);
  };
  let stopping = false;
  void stop.then(() => {
    stopping = true;
  });
  try {
    let written = 0;
    while (written < plan.prefillBytes) written += await writeBatch();
    ready();
    while (!stopping) {
      await writeBatch();
      await sleep(PAUSE_MILLISECONDS);
    }
  } finally {
    writer.close();
  }
}
