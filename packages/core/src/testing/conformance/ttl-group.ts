import { describe, expect, it, vi } from 'vitest';
import { createCache } from '../../index.js';
import {
  type ConformanceHarness,
  entry,
  expiryControl,
  payloadOf,
  payloads,
} from './conformance-harness.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Expiry. With `expiry: 'clock'` the suite fakes `Date` and jumps it; with
 * `'backend'` it waits for real, using TTLs of at least twice the declared
 * precision (see `expiryControl`).
 */
export function registerTtlGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  const { clock, timeout, startClock, withShortTtl, beforeExpiry, expectExpires } =
    expiryControl(harness);
  const precision = capabilities.ttlPrecisionMilliseconds;
  describe(`ttl and expiry (${clock ? 'fake clock' : 'real waits'})`, () => {
    it(
      'an entry is a hit before expiresAt and a miss after it; one without expiresAt stays',
      async () => {
        startClock();
        const adapter = await harness.adapter();
        await withShortTtl(async (ttl) => {
          const expiresAt = Date.now() + ttl;
          await adapter.set('expiring', entry('soon', expiresAt));
          await adapter.set('forever', entry('always'));
          const early = await payloadOf(adapter, 'expiring');
          beforeExpiry(expiresAt);
          expect(early).toBe('soon');
          if (clock) {
            vi.setSystemTime(expiresAt - 1);
            expect(await payloadOf(adapter, 'expiring'), 'get 1 ms before expiresAt').toBe('soon');
          }
          const both = payloads(await adapter.getMany(['expiring', 'forever']));
          beforeExpiry(expiresAt);
          expect(both).toEqual(['soon', 'always']);
          await expectExpires(adapter, 'expiring', expiresAt);
          expect(payloads(await adapter.getMany(['expiring', 'forever']))).toEqual([
            undefined,
            'always',
          ]);
        });
        if (clock) {
          vi.setSystemTime(Date.now() + 10 * 365 * DAY);
          expect(await payloadOf(adapter, 'forever'), 'ten years later').toBe('always');
        }
      },
      timeout,
    );

    it('set with an expiresAt at or before now removes the old entry and resolves false', async () => {
      startClock();
      const adapter = await harness.adapter();
      await adapter.setMany([
        ['zero', entry('old')],
        ['negative', entry('old')],
        ['batch', entry('old')],
      ]);
      expect(await adapter.set('zero', entry('new', Date.now()))).toBe(false);
      expect(await adapter.set('negative', entry('new', Date.now() - 60_000))).toBe(false);
      expect(await adapter.get('zero')).toBeUndefined();
      expect(await adapter.get('negative')).toBeUndefined();
      expect(
        await adapter.setMany([
          ['batch', entry('new', Date.now() - 1)],
          ['live', entry('live', Date.now() + DAY)],
        ]),
      ).toEqual([false, true]);
      expect(payloads(await adapter.getMany(['batch', 'live']))).toEqual([undefined, 'live']);
    });

    it('a Cache TTL of zero or less removes the old value', async () => {
      startClock();
      const cache = createCache({ adapter: await harness.adapter() });
      await cache.set('zero', 'old');
      await cache.set('negative', 'old');
      expect(await cache.set('zero', 'new', { ttlMilliseconds: 0 })).toBe(false);
      expect(await cache.set('negative', 'new', { ttlMilliseconds: -1000 })).toBe(false);
      expect(await cache.get('zero')).toBeUndefined();
      expect(await cache.get('negative')).toBeUndefined();
    });

    it('an expiresAt more than 30 days ahead is a hit until it passes', async () => {
      startClock();
      const adapter = await harness.adapter();
      const in31Days = Date.now() + 31 * DAY;
      const in400Days = Date.now() + 400 * DAY;
      await adapter.set('month', entry('31 days', in31Days));
      await adapter.set('year', entry('400 days', in400Days));
      expect(payloads(await adapter.getMany(['month', 'year']))).toEqual(['31 days', '400 days']);
      if (clock) {
        vi.setSystemTime(in31Days - DAY);
        expect(payloads(await adapter.getMany(['month', 'year']))).toEqual(['31 days', '400 days']);
        vi.setSystemTime(in31Days + precision);
        expect(payloads(await adapter.getMany(['month', 'year']))).toEqual([undefined, '400 days']);
      }
    });
  });
}
