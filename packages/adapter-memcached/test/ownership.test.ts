import { ClosedError } from '@pc/core';
import { testServices } from '@pc/test-services';
import Memcached from 'memcached';
import { describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { uniqueNamespace } from './helpers.js';

const { memcached } = testServices();

describe('an injected client', () => {
  it('is used for every operation and left open by dispose', async () => {
    const client = new Memcached([memcached.location], { retries: 0, timeout: 500 });
    const adapter = createMemcachedAdapter({ client, namespace: uniqueNamespace('owned') });
    expect(await adapter.set('k', { payload: 'v' })).toBe(true);
    expect((await adapter.get('k'))?.payload).toBe('v');
    await adapter.dispose();
    await expect(adapter.get('k')).rejects.toSatisfy((error) => ClosedError.isInstance(error));
    const version = await new Promise<unknown>((resolve, reject) =>
      client.version((error, result) => (error ? reject(error) : resolve(result))),
    );
    expect(version).toHaveLength(1);
    client.end();
  });
});
