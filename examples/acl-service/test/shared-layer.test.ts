import { testServices } from '@pc/test-services';
import { describe, expect, it } from 'vitest';
import { startAclService } from '../src/acl-service.js';
import { runWorkload } from '../src/workload/run-workload.js';

const { redis, memcached } = testServices();

describe.each([
  { name: 'redis', url: () => redis.url },
  { name: 'memcached', url: () => `memcached://${memcached.location}` },
])('PC_CACHE_URL switches the shared layer to $name', ({ name, url }) => {
  it('serves from it, with no stale read after writes', async () => {
    // Burst layer off: every hit below is a hit of the shared layer.
    const service = await startAclService({ cacheUrl: url(), burstTtlMilliseconds: 0 });
    try {
      expect(service.description).toBe(`${name} (${url().replace(/^[a-z]+:\/\//, '')}) (L2)`);
      const before = service.database.queryCount;
      const result = await runWorkload({
        url: service.url,
        operations: 200,
        concurrency: 4,
        writeShare: 0.1,
      });
      expect(result.changedByWrite).toBeGreaterThan(0);
      expect(result.staleReads).toBe(0);
      expect(service.caching?.stats().l2.hits).toBeGreaterThan(0);
      expect(service.database.queryCount - before).toBeLessThan(result.requests);
    } finally {
      await service.close();
    }
  });
});

it('rejects a PC_CACHE_URL it cannot use, naming the variable', async () => {
  await expect(startAclService({ cacheUrl: 'mongodb://127.0.0.1' })).rejects.toThrow(
    /PC_CACHE_URL must start with redis:\/\/, rediss:\/\/ or memcached:\/\//,
  );
});
