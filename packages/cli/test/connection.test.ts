import { createRedisAdapter } from '@pc/adapter-redis';
import { createCache } from '@pc/core';
import { findFreePort, testServices } from '@pc/test-services';
import { describe, expect, it } from 'vitest';
import { runPc, uniqueName } from './run-pc.js';

const { redis, redisCluster } = testServices();

describe('connecting', () => {
  it.each([
    ['an unknown scheme', ['--url', 'http://127.0.0.1:80']],
    ['a memcached URL without a port', ['--url', 'memcached://127.0.0.1']],
    ['a cluster seed without a port', ['--url', 'redis-cluster://127.0.0.1']],
    ['mixed seeds', ['--url', redis.url, '--url', 'memcached://127.0.0.1:1']],
    ['no URL at all', []],
  ])('a bad URL (%s) is a usage error: exit 1, typed error, nothing else', async (_, args) => {
    const run = await runPc(['get', 'k', ...args, '--json']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.json()).toMatchObject({
      ok: false,
      exitCode: 1,
      error: { code: 'PC_INVALID_OPTIONS' },
    });
  });

  it('bad arguments are usage errors too (exit 1)', async () => {
    expect((await runPc(['frobnicate'])).code).toBe(1);
    expect((await runPc(['get'])).code).toBe(1);
    const timeout = await runPc(['get', 'k', '--url', redis.url, '--timeout', 'soon', '--json']);
    expect(timeout.code).toBe(1);
    expect(timeout.json().error.code).toBe('PC_CLI_USAGE');
    expect((await runPc(['--help'])).code).toBe(0);
  });

  it.each(['redis', 'redis-cluster', 'memcached'])(
    'an unreachable %s server exits 3 with the typed error and its hint, password masked',
    async (kind) => {
      const port = await findFreePort();
      const url =
        kind === 'redis'
          ? `redis://operator:s3cret-pw@127.0.0.1:${port}`
          : kind === 'redis-cluster'
            ? `redis-cluster://operator:s3cret-pw@127.0.0.1:${port}`
            : `memcached://127.0.0.1:${port}`;
      for (const command of [['get', 'k'], ['stats']]) {
        const run = await runPc([...command, '--url', url, '--timeout', '1000', '--json']);
        expect(run.code, `${command[0]}: ${run.stderr}`).toBe(3);
        const { error } = run.json();
        expect(['PC_BACKEND_UNAVAILABLE', 'PC_TIMEOUT']).toContain(error.code);
        expect(run.stdout + run.stderr).not.toContain('s3cret-pw');
      }
    },
  );

  it('names the server to check when the connection is refused', async () => {
    const port = await findFreePort();
    const run = await runPc(['get', 'k', '--url', `redis://127.0.0.1:${port}`]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`is the redis server running at 127.0.0.1:${port}?`);
  });

  it('never prints the password of a URL, even in errors the server sends back', async () => {
    // This Redis has no password: AUTH fails, and the error names no secret.
    const run = await runPc([
      'get',
      'k',
      '--url',
      `redis://:hunter2-secret@127.0.0.1:${redis.port}`,
      '--json',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).not.toContain('hunter2-secret');
  });

  it('Redis Cluster: several --url seeds work like redis-cluster://', async () => {
    const namespace = uniqueName('seeds');
    const adapter = createRedisAdapter({ clusterNodes: [...redisCluster.nodes], namespace });
    const cache = createCache({ adapter });
    await cache.set('k', 'v');
    await cache.dispose();
    await adapter.dispose();
    const seeds = redisCluster.nodes.flatMap((node) => [
      '--url',
      `redis://${node.host}:${node.port}`,
    ]);
    const run = await runPc(['get', 'k', ...seeds, '--adapter-namespace', namespace, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ state: 'value', value: 'v' });
  });

  it('reads the URL from PC_URL', async () => {
    const run = await runPc(['stats', '--json'], { PC_URL: redis.url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().backend).toBe('redis');
  });
});
