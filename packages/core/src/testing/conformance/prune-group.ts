import { describe, expect, it, vi } from 'vitest';
import { UnsupportedCapabilityError } from '../../errors/unsupported-capability-error.js';
import {
  type ConformanceHarness,
  entry,
  expectPcError,
  listKeys,
  payloads,
  sleep,
} from './conformance-harness.js';

const DAY = 24 * 60 * 60 * 1000;

/** `prune()` removes expired entries, and only those (when declared). */
export function registerPruneGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  const clock = harness.options.expiry === 'clock';
  const precision = capabilities.ttlPrecisionMilliseconds;
  describe('prune', () => {
    if (!capabilities.prune) {
      it('prune() is absent or rejects with UnsupportedCapabilityError (capabilities.prune: false)', async () => {
        const adapter = await harness.adapter();
        if (adapter.prune === undefined) return;
        await expectPcError(() => adapter.prune!(), UnsupportedCapabilityError, 'prune()');
      });
      return;
    }

    it(
      'prune removes expired entries, reports them, and keeps live ones',
      async () => {
        if (clock) vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
        const adapter = await harness.adapter();
        const ttl = clock ? 1000 : Math.max(100, 2 * precision);
        const expiresAt = Date.now() + ttl;
        await adapter.setMany([
          ['expired-1', entry('x', expiresAt)],
          ['expired-2', entry('x', expiresAt)],
          ['live', entry('live', Date.now() + DAY)],
          ['forever', entry('forever')],
        ]);
        if (clock) vi.setSystemTime(expiresAt + precision);
        else await sleep(ttl + 2 * precision + 50);
        const removed = await adapter.prune!();
        // Backends that expire by themselves may have removed them already.
        if (clock) expect(removed).toBeGreaterThanOrEqual(2);
        else expect(removed).toBeGreaterThanOrEqual(0);
        expect(
          payloads(await adapter.getMany(['expired-1', 'expired-2', 'live', 'forever'])),
        ).toEqual([undefined, undefined, 'live', 'forever']);
        if (capabilities.enumerateKeys)
          expect(await listKeys(adapter)).toEqual(['forever', 'live']);
        expect(await adapter.prune!(), 'a second prune finds nothing').toBe(0);
      },
      clock ? undefined : Math.max(100, 2 * precision) + 2 * precision + 5000,
    );
  });
}
