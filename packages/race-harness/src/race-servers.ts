import { connect } from 'node:net';
import { startMemcached, startRedis, startRedisCluster } from '@pc/test-services';
import type { BackendEndpoint } from './ipc-messages.js';
import type { RaceConfiguration } from './race-configurations.js';

/** The servers of one configuration, started by the parent. */
export interface RaceServers {
  readonly backend: BackendEndpoint;
  /** Restarts the server empty, on the same port (standalone Redis); `undefined` otherwise. */
  readonly restart: (() => Promise<void>) | undefined;
  /** Keys the backend evicted so far: Redis `evicted_keys`, memcached `evictions`. */
  evictions(): Promise<number>;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** One plain-text command to a loopback server; resolves with the reply once complete. */
function query(
  port: number,
  command: string,
  isComplete: (reply: string) => boolean,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect({ host: LOOPBACK, port });
    socket.setEncoding('utf8');
    socket.setTimeout(2_000, () => socket.destroy(new Error(`no reply to ${command} on ${port}`)));
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (isComplete(reply)) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.once('error', reject);
  });
}

function isCompleteBulk(reply: string): boolean {
  const header = /^\$(\d+)\r\n/.exec(reply);
  return header !== null && Buffer.byteLength(reply) >= header[0].length + Number(header[1]) + 2;
}

async function redisEvictions(port: number): Promise<number> {
  const info = await query(port, 'INFO stats', isCompleteBulk);
  return Number(/^evicted_keys:(\d+)/m.exec(info)?.[1] ?? 0);
}

async function memcachedEvictions(port: number): Promise<number> {
  const stats = await query(port, 'stats', (reply) => reply.endsWith('END\r\n'));
  return Number(/^STAT evictions (\d+)/m.exec(stats)?.[1] ?? 0);
}

/** Starts what `configuration` needs through @pc/test-services. */
export async function startRaceServers(configuration: RaceConfiguration): Promise<RaceServers> {
  switch (configuration.backend) {
    case 'redis': {
      const redis = await startRedis({ args: configuration.redisArgs });
      return {
        backend: { kind: 'redis', url: redis.url },
        restart: configuration.restarts > 0 ? () => redis.restart() : undefined,
        evictions: () => redisEvictions(redis.port),
        stop: () => redis.stop(),
      };
    }
    case 'redis-cluster': {
      const cluster = await startRedisCluster({ masters: 3 });
      return {
        backend: {
          kind: 'redis-cluster',
          nodes: cluster.ports.map((port) => ({ host: cluster.host, port })),
        },
        restart: undefined,
        evictions: async () =>
          (await Promise.all(cluster.ports.map(redisEvictions))).reduce((a, b) => a + b, 0),
        stop: () => cluster.stop(),
      };
    }
    case 'memcached': {
      const itemKilobytes = configuration.memcachedItemSizeKilobytes;
      const memcached = await startMemcached({
        ...(configuration.memcachedMemoryMegabytes === undefined
          ? {}
          : { memoryMegabytes: configuration.memcachedMemoryMegabytes }),
        // memcached wants its largest slab chunk at most half the item size.
        args:
          itemKilobytes === undefined
            ? []
            : ['-I', `${itemKilobytes}k`, '-o', `slab_chunk_max=${itemKilobytes * 512}`],
      });
      return {
        backend: {
          kind: 'memcached',
          servers: [memcached.location],
          itemSizeBytes: itemKilobytes === undefined ? undefined : itemKilobytes * 1024,
        },
        restart: undefined,
        evictions: () => memcachedEvictions(memcached.port),
        stop: () => memcached.stop(),
      };
    }
  }
}
