import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AclService, startAclService } from '../src/acl-service.js';
import { runOutagePhase } from '../src/demo/outage-phase.js';

describe.each([
  { label: 'caching off', caching: false },
  { label: 'caching on', caching: true },
])('the outage phase, $label', ({ caching }) => {
  let service: AclService;
  beforeAll(async () => {
    service = await startAclService({ caching });
  });
  afterAll(async () => {
    await service?.close();
  });

  it(
    caching
      ? 'serves cached reads while the database is down, never an invalidated value'
      : 'fails every read while the database is down',
    async () => {
      const result = await runOutagePhase({
        url: service.url,
        outageMilliseconds: 1_000,
        readers: 4,
      });
      expect(result.failures).toBeGreaterThan(0);
      expect(result.invalidatedServed).toBe(0);
      expect(result.wrongAnswers).toBe(0);
      if (caching) {
        // Only what the writes invalidated fails; everything read before answers.
        expect(result.successes).toBeGreaterThan(0);
        expect(result.cachedPathFailures).toBe(0);
      } else {
        expect(result.successes).toBe(0);
      }
    },
  );
});
