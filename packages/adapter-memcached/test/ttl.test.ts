import { testServices } from '@pc/test-services';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { toMemcachedExptime } from '../src/memcached-expiry.js';
import { uniqueNamespace } from './helpers.js';

const { memcached } = testServices();
const DAY = 24 * 60 * 60 * 1000;

describe('memcached exptime', () => {
  const now = 1_700_000_000_000;

  it('rounds seconds up, plus one for memcached’s once-a-second clock', () => {
    expect(toMemcachedExptime(now + 1, now)).toBe(2);
    expect(toMemcachedExptime(now + 1000, now)).toBe(2);
    expect(toMemcachedExptime(now + 1001, now)).toBe(3);
    expect(toMemcachedExptime(undefined, now)).toBe(0);
  });

  it('is undefined (expired) at or before now', () => {
    expect(toMemcachedExptime(now, now)).toBeUndefined();
    expect(toMemcachedExptime(now - 1, now)).toBeUndefined();
  });

  it('sends a Unix time beyond 30 days, and no expiry beyond 2038', () => {
    expect(toMemcachedExptime(now + 30 * DAY - 1000, now)).toBe(30 * 24 * 3600);
    expect(toMemcachedExptime(now + 31 * DAY, now)).toBe((now + 31 * DAY) / 1000 + 1);
    expect(toMemcachedExptime(Date.UTC(2040, 0, 1), now)).toBe(0);
  });
});

describe('expiry on a real server', () => {
  const adapter = createMemcachedAdapter({
    servers: memcached.location,
    namespace: uniqueNamespace('ttl'),
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await adapter.clear();
    await adapter.dispose();
  });

  it('a 31-day TTL is a hit after the write (sent as a Unix time, not read as one)', async () => {
    const expiresAt = Date.now() + 31 * DAY;
    expect(await adapter.set('month', { payload: 'kept', expiresAt })).toBe(true);
    expect(await adapter.get('month')).toEqual({ payload: 'kept', expiresAt });
    expect(await adapter.getMany(['month'])).toEqual([{ payload: 'kept', expiresAt }]);
  });

  it('an entry past its expiresAt is a miss even while memcached still holds it', async () => {
    const expiresAt = Date.now() + 1500;
    await adapter.set('soon', { payload: 'v', expiresAt });
    vi.useFakeTimers({ toFake: ['Date'], now: expiresAt - 1 });
    expect((await adapter.get('soon'))?.payload).toBe('v');
    vi.setSystemTime(expiresAt);
    expect(await adapter.get('soon')).toBeUndefined();
    expect(await adapter.delete('soon')).toBe(false);
  });
});
