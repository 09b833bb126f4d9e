import { testServices } from '@pc/test-services';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AclService, startAclService } from '../src/acl-service.js';
import { type DatabaseProcess, startDatabaseProcess } from '../src/database/database-process.js';
import { runWorkload } from '../src/workload/run-workload.js';

const { redis } = testServices();

// The demo's multi-instance mode: two instances over one database and one Redis
// (shared layer and invalidation bus).
let database: DatabaseProcess;
const instances: AclService[] = [];

beforeAll(async () => {
  database = await startDatabaseProcess();
  for (const clearCacheAtStart of [true, false]) {
    instances.push(
      await startAclService({
        databaseUrl: database.url,
        cacheUrl: redis.url,
        bus: true,
        clearCacheAtStart,
        // As the demo's two-instance run: pc bounds another instance's burst layer
        // by the bus, it does not make it atomic, so the strict check runs without it.
        burstTtlMilliseconds: 0,
      }),
    );
  }
});
afterAll(async () => {
  for (const instance of instances) await instance.close();
  await database?.stop();
});

it('a write through one instance is never served stale by the other', async () => {
  expect(instances[0]!.description).toMatch(/\+ invalidation bus$/);
  const result = await runWorkload({
    url: instances.map((instance) => instance.url),
    operations: 300,
    concurrency: 4,
    writeShare: 0.1,
  });
  expect(result.changedByWrite).toBeGreaterThan(result.writes / 2);
  expect(result.staleReads).toBe(0);
  expect(result.staleExamples).toEqual([]);
  // Both instances served reads, and both answered from the shared layer.
  for (const instance of instances) {
    expect(instance.caching?.stats().l2.hits).toBeGreaterThan(0);
  }
});

it('the invalidation bus needs a redis:// shared layer, and says so', async () => {
  await expect(startAclService({ databaseUrl: database.url, bus: true })).rejects.toThrow(
    /invalidation bus needs a redis:\/\/ PC_CACHE_URL/,
  );
});
