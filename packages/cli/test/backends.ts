import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFsAdapter } from '@pc/adapter-fs';
import { createMemcachedAdapter } from '@pc/adapter-memcached';
import { createRedisAdapter } from '@pc/adapter-redis';
import type { CacheAdapter } from '@pc/core';
import { testServices } from '@pc/test-services';

/** A backend the commands are run against, and how the tests fill it through the library. */
export interface Backend {
  readonly name: 'redis' | 'redis-cluster' | 'memcached' | 'fs';
  /** `--url` (and `--adapter-namespace`) arguments reaching `adapterNamespace`. */
  args(adapterNamespace: string): string[];
  /** The adapter an application would create for the same place. */
  adapter(adapterNamespace: string): CacheAdapter;
  readonly canListKeys: boolean;
  readonly canPrune: boolean;
}

const PATIENT = { commandTimeoutMilliseconds: 10_000, connectTimeoutMilliseconds: 10_000 };
let directory: string | undefined;

/** The fs root of this test file's run. */
export function fsDirectory(): string {
  directory ??= mkdtempSync(join(tmpdir(), 'pc-cli-fs-'));
  return directory;
}

export function backends(): Backend[] {
  const { redis, redisCluster, memcached } = testServices();
  const clusterUrl = `redis-cluster://${redisCluster.nodes.map((node) => `${node.host}:${node.port}`).join(',')}`;
  return [
    {
      name: 'redis',
      args: (namespace) => ['--url', redis.url, '--adapter-namespace', namespace],
      adapter: (namespace) => createRedisAdapter({ url: redis.url, namespace, ...PATIENT }),
      canListKeys: true,
      canPrune: false,
    },
    {
      name: 'redis-cluster',
      args: (namespace) => ['--url', clusterUrl, '--adapter-namespace', namespace],
      adapter: (namespace) =>
        createRedisAdapter({ clusterNodes: [...redisCluster.nodes], namespace, ...PATIENT }),
      canListKeys: true,
      canPrune: false,
    },
    {
      name: 'memcached',
      args: (namespace) => [
        '--url',
        `memcached://${memcached.location}`,
        '--adapter-namespace',
        namespace,
      ],
      adapter: (namespace) =>
        createMemcachedAdapter({
          servers: memcached.location,
          namespace,
          timeoutMilliseconds: 10_000,
        }),
      canListKeys: false,
      canPrune: false,
    },
    {
      name: 'fs',
      args: (namespace) => [
        '--url',
        pathToFileURL(fsDirectory()).href,
        '--adapter-namespace',
        namespace,
      ],
      adapter: (namespace) => createFsAdapter({ directory: fsDirectory(), namespace }),
      canListKeys: true,
      canPrune: true,
    },
  ];
}
