import { ClosedError, InvalidOptionsError } from '@pc/core';
import { testServices } from '@pc/test-services';
import { describe, expect, it } from 'vitest';
import { createMemcachedAdapter, createMemcachedClient } from '../src/index.js';
import { uniqueNamespace } from './helpers.js';

const { memcached } = testServices();

describe('an injected client', () => {
  it('is used for every operation and left open by dispose', async () => {
    const client = createMemcachedClient({ servers: memcached.location });
    try {
      const adapter = createMemcachedAdapter({ client, namespace: uniqueNamespace('owned') });
      expect(await adapter.set('k', { payload: 'v' })).toBe(true);
      expect((await adapter.get('k'))?.payload).toBe('v');
      const sent = client.counters.bytesSent;
      expect(sent).toBeGreaterThan(0);
      await adapter.dispose();
      await expect(adapter.get('k')).rejects.toSatisfy((error) => ClosedError.isInstance(error));
      expect(await client.version(memcached.location)).toMatch(/^\d+\.\d+/);
    } finally {
      client.close();
    }
  });

  it('serves several namespaces on one set of connections', async () => {
    const client = createMemcachedClient({ servers: memcached.location });
    const first = createMemcachedAdapter({ client, namespace: uniqueNamespace('first') });
    const second = createMemcachedAdapter({ client, namespace: uniqueNamespace('second') });
    try {
      await first.set('k', { payload: 'first' });
      await second.set('k', { payload: 'second' });
      expect((await first.get('k'))?.payload).toBe('first');
      expect((await second.get('k'))?.payload).toBe('second');
      await first.clear();
      expect(await first.get('k')).toBeUndefined();
      expect((await second.get('k'))?.payload).toBe('second');
      // Disposing one adapter leaves the other working on the shared client.
      await first.dispose();
      expect((await second.get('k'))?.payload).toBe('second');
    } finally {
      await second.dispose();
      client.close();
    }
  });

  it('is closed by its creator: the adapter then rejects with ClosedError', async () => {
    const client = createMemcachedClient({ servers: memcached.location });
    const adapter = createMemcachedAdapter({ client, namespace: uniqueNamespace('closed') });
    client.close();
    await expect(adapter.get('k')).rejects.toSatisfy((error) => ClosedError.isInstance(error));
    await adapter.dispose();
  });

  it('must come from createMemcachedClient (a `memcached` package client is refused)', () => {
    const foreign = { get() {}, getMulti() {}, servers: [memcached.location] };
    expect(() => createMemcachedAdapter({ client: foreign as never, namespace: 'x' })).toThrowError(
      expect.objectContaining({ code: InvalidOptionsError.code }),
    );
  });
});
