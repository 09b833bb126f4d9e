import { describe, expect, it } from 'vitest';
import { setupTestServices, startRedis, testServices } from '../src/index.js';
import { memcachedVersion, redisPing } from './helpers.js';

describe('setupTestServices + testServices()', () => {
  it('hands the servers the global setup started to the tests', async () => {
    const { redis, memcachedPool } = testServices();
    expect(redis.host).toBe('127.0.0.1');
    expect(await redisPing(redis.port)).toBe('+PONG\r\n');
    expect(memcachedPool.ports).toHaveLength(3);
    for (const port of memcachedPool.ports)
      expect(await memcachedVersion(port)).toMatch(/^VERSION/);
  });

  it('says how to ask for a service that was not started', () => {
    expect(() => testServices().redisCluster).toThrow(/"redis-cluster" was not started/);
  });

  it('rejects an unknown service name eagerly', () => {
    expect(() => setupTestServices(['redis', 'mongo' as 'redis'])).toThrow(/mongo/);
  });

  it('fails with the install command, not a skip, when a binary is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRedis()).rejects.toThrow(
        /redis-server not found on PATH.*apt-get update && apt-get install -y redis-server redis-tools memcached/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
