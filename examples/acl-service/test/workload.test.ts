import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AclService, startAclService } from '../src/acl-service.js';
import { runWorkload } from '../src/workload/run-workload.js';

let service: AclService;

beforeAll(async () => {
  service = await startAclService();
});
afterAll(async () => {
  await service?.close();
});

it('a short run of the demo workload observes 0 stale reads, and its writes did change what it read', async () => {
  const before = service.database.queryCount;
  const result = await runWorkload({
    url: service.url,
    operations: 400,
    concurrency: 4,
    writeShare: 0.1,
  });

  expect(result.writes).toBeGreaterThan(10);
  expect(result.checks).toBeGreaterThan(result.writes);
  // The check is only worth something when the writes changed the reads it made.
  expect(result.changedByWrite).toBeGreaterThan(result.writes / 2);
  expect(result.staleReads).toBe(0);
  expect(result.staleExamples).toEqual([]);
  expect(result.readLatencies.length + result.writeLatencies.length).toBe(result.requests);
  // Hot keys repeat: the cache must have answered a good part of the reads.
  expect(service.database.queryCount - before).toBeLessThan(result.requests);
});
