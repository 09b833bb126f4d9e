import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type MemcachedServerHandle,
  type RedisServerHandle,
  startMemcached,
  startRedis,
} from '@pc/test-services';
import type { BenchMode } from './bench-mode.js';
import { connectMemcached } from './memcached-client.js';
import { connectRedis } from './redis-client.js';

/** Where a server listens (always 127.0.0.1). */
export interface ServerEndpoint {
  host: string;
  port: number;
}

/** What every variant gets: the mode, the servers (started on first use), a temp dir. */
export interface BenchContext {
  readonly mode: BenchMode;
  /** The one Redis every Redis variant of the run talks to. */
  redis(): Promise<ServerEndpoint>;
  /** The one Memcached every Memcached variant of the run talks to. */
  memcached(): Promise<ServerEndpoint & { location: string }>;
  /** A fresh empty directory under the run's temp dir, for filesystem variants. */
  directory(name: string): Promise<string>;
}

/** A {@link BenchContext} plus the means to stop what it started. */
export interface OwnedBenchContext extends BenchContext {
  /** Empties the servers that run (FLUSHALL, flush_all), so every variant starts clean. */
  reset(): Promise<void>;
  /** Stops the servers and removes the temp dir. Idempotent. */
  dispose(): Promise<void>;
}

/** Creates the context of one run; servers start lazily, so a filtered run starts only what it needs. */
export function createBenchContext(mode: BenchMode): OwnedBenchContext {
  let redis: Promise<RedisServerHandle> | undefined;
  let memcached: Promise<MemcachedServerHandle> | undefined;
  let root: Promise<string> | undefined;
  let directories = 0;
  const rootDirectory = () => {
    root ??= mkdtemp(join(tmpdir(), 'pc-bench-'));
    return root;
  };
  return {
    mode,
    async redis() {
      redis ??= startRedis();
      const handle = await redis;
      return { host: handle.host, port: handle.port };
    },
    async memcached() {
      // 256 MB: the tag workloads write 10,000 entries per variant.
      memcached ??= startMemcached({ memoryMegabytes: 256 });
      const handle = await memcached;
      return { host: handle.host, port: handle.port, location: handle.location };
    },
    async directory(name) {
      directories += 1;
      const directory = join(await rootDirectory(), `${directories}-${name}`);
      return directory;
    },
    async reset() {
      if (redis !== undefined) {
        const client = await connectRedis(await this.redis());
        await client.flushall();
        client.disconnect();
      }
      if (memcached !== undefined) {
        const client = connectMemcached((await this.memcached()).location);
        await client.flush();
        client.end();
      }
    },
    async dispose() {
      const stops: Promise<unknown>[] = [];
      if (redis !== undefined) stops.push(redis.then((handle) => handle.stop()));
      if (memcached !== undefined) stops.push(memcached.then((handle) => handle.stop()));
      if (root !== undefined)
        stops.push(root.then((path) => rm(path, { recursive: true, force: true })));
      redis = undefined;
      memcached = undefined;
      root = undefined;
      await Promise.allSettled(stops);
    },
  };
}
