import { createCache } from '@pc/core';
import { expect, it } from 'vitest';
import { createMapAdapter } from '../src/map-adapter.js';

it('serves a Cache: typed values, tags and namespaces work on top of it', async () => {
  const cache = createCache({ adapter: createMapAdapter() });
  await cache.set('user:42', { name: 'Ada', since: new Date(0) }, { tags: ['account:7'] });
  await cache.set('unread:42', 0);

  expect(await cache.get('user:42')).toEqual({ name: 'Ada', since: new Date(0) });
  await cache.invalidateTags(['account:7']);
  expect(await cache.getMany(['user:42', 'unread:42'])).toEqual([undefined, 0]);
  await cache.dispose();
});
