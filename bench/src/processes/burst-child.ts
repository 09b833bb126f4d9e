import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from '../harness/bench-context.js';
import { BENCH_MODES } from '../harness/bench-mode.js';
import type { BurstChildConfig, BurstReply, BurstRequest } from '../harness/burst-protocol.js';
import { createPcCache, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import { concurrently } from '../harness/workload-helpers.js';

/*
 * One process of the cross-process single-flight workload (forked by
 * `harness/burst-children.ts`): on each `burst` message it makes `callers`
 * concurrent reads of the message's key, every one with a loader that waits
 * `loaderMilliseconds`, checks that every caller got the value, and reports how
 * many times its loader ran.
 */

type Read = (key: string, load: () => Promise<unknown>) => Promise<unknown>;

const config = JSON.parse(process.argv[2] ?? '{}') as BurstChildConfig;
const VALUE = createSampleValue(1);

function send(reply: BurstReply): void {
  process.send?.(reply);
}

async function openReader(): Promise<{ read: Read; close(): Promise<void> }> {
  if (config.variant === 'raw') {
    const client = await connectRedis(config.redis);
    return {
      async read(key, load) {
        const cached = await client.get(key);
        if (cached !== null) return JSON.parse(cached);
        const value = await load();
        await client.set(key, JSON.stringify(value), 'PX', config.ttlMilliseconds);
        return value;
      },
      close: async () => client.disconnect(),
    };
  }
  // Only the Redis endpoint is needed here; the rest of a bench context is not.
  const context: BenchContext = {
    mode: BENCH_MODES.smoke,
    redis: async () => config.redis,
    memcached: () => Promise.reject(new Error('burst child: no Memcached')),
    directory: () => Promise.reject(new Error('burst child: no directory')),
  };
  const { cache, close } = await createPcCache(context, 'redis', PC_BURST_OPTIONS, ['getOrLoad']);
  const ttlMilliseconds = config.ttlMilliseconds;
  return { read: (key, load) => cache.getOrLoad!(key, load, { ttlMilliseconds }), close };
}

async function main(): Promise<void> {
  const reader = await openReader();
  process.on('disconnect', () => {
    void reader.close().finally(() => process.exit(0));
  });
  process.on('message', (request: BurstRequest) => {
    if (request.type === 'close') {
      void reader.close().finally(() => process.exit(0));
      return;
    }
    let loads = 0;
    const load = async () => {
      loads += 1;
      await sleep(config.loaderMilliseconds);
      return VALUE;
    };
    concurrently(config.callers, async () => {
      const value = await reader.read(request.key, load);
      if (value === undefined || value === null) {
        throw new Error(
          `burst child (${config.variant}): a caller of "${request.key}" got nothing`,
        );
      }
    }).then(
      () => send({ type: 'done', id: request.id, loads }),
      (error: unknown) =>
        send({
          type: 'failed',
          id: request.id,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
