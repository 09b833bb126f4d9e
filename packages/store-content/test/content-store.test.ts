import { bindStore, createCache } from '@pc/core';
import { createMapAdapter, describeStore } from '@pc/core/testing';
import { describe, expect, it } from 'vitest';
import {
  contentInvalidator,
  contentStore,
  createCachedContentSource,
  REMOTE_ID_INDEX,
} from '../src/index.js';
import { createCachedContentTree } from './cached-content-tree.js';
import { InMemoryContentSource } from './in-memory-content-source.js';

const TAGS_10 = ['content-10', 'content-fields-type-100', 'location-4'].concat([
  'location-path-1',
  'location-path-2',
  'location-path-4',
]);
const TAGS_11 = ['content-11', 'content-fields-type-100', 'location-6'].concat([
  'location-path-1',
  'location-path-2',
  'location-path-4',
  'location-path-6',
]);
const TAGS_12 = ['content-12', 'content-fields-type-100', 'location-5'].concat([
  'location-path-1',
  'location-path-2',
  'location-path-5',
]);
const TAGS_13 = ['content-13', 'content-fields-type-200', 'location-7', 'location-8'].concat([
  'location-path-1',
  'location-path-3',
  'location-path-7',
  'location-path-2',
  'location-path-8',
]);

describeStore<InMemoryContentSource>({
  name: 'content (with the location events of @pc/store-locations)',
  source: () => new InMemoryContentSource(),
  subject: createCachedContentTree,
  rows: {
    getContent: [
      {
        kind: 'read',
        title: '10',
        args: [10],
        key: 'content:10',
        tags: TAGS_10,
        indexKeys: ['content@remoteId:r-10'],
      },
      {
        kind: 'read',
        title: '13 (two locations)',
        args: [13],
        key: 'content:13',
        tags: TAGS_13,
        indexKeys: ['content@remoteId:r-13'],
      },
    ],
    getContents: {
      kind: 'read-many',
      entries: [
        { id: 10, key: 'content:10', tags: TAGS_10, indexKeys: ['content@remoteId:r-10'] },
        { id: 11, key: 'content:11', tags: TAGS_11, indexKeys: ['content@remoteId:r-11'] },
        { id: 12, key: 'content:12', tags: TAGS_12, indexKeys: ['content@remoteId:r-12'] },
        { id: 13, key: 'content:13', tags: TAGS_13, indexKeys: ['content@remoteId:r-13'] },
      ],
    },
    getContentByRemoteId: {
      kind: 'read',
      args: ['r-11'],
      key: 'content:11',
      tags: TAGS_11,
      indexKeys: ['content@remoteId:r-11'],
    },
    updateContent: {
      kind: 'write',
      args: [11, { title: 'Renamed' }],
      invalidates: { keys: ['content:11'] },
    },
    deleteContent: { kind: 'write', args: [10], invalidates: { keys: ['content:10'] } },
    removeFieldFromType: {
      kind: 'write',
      args: [200, 'body'],
      invalidates: { tags: ['content-fields-type-200'] },
    },
    // A new location carries no tag of any cached item: only the content id reaches it.
    createLocation: { kind: 'write', args: [2, 13], invalidates: { keys: ['content:13'] } },
    setLocationHidden: {
      kind: 'write',
      args: [4, true],
      invalidates: { keys: ['content:10'], tags: ['location-4'] },
    },
    moveSubtree: {
      kind: 'write',
      args: [4, 3],
      invalidates: { tags: ['location-4', 'location-path-4'] },
    },
    deleteSubtree: {
      kind: 'write',
      args: [5],
      invalidates: { tags: ['location-5', 'location-path-5'] },
    },
  },
});

describe('content store', () => {
  it('creating a location for cached content shows it in the content at once (the reported case)', async () => {
    const source = new InMemoryContentSource();
    const cache = createCache({ adapter: createMapAdapter() });
    const tree = createCachedContentTree({ cache, source });
    const idsOf = async (id: number) =>
      (await tree.getContent(id))?.locations.map((location) => location.id);
    expect(await idsOf(12)).toEqual([5]);

    await tree.createLocation(2, 12);
    expect(await idsOf(12)).toEqual([5, 100]);

    await tree.setLocationHidden(100, true);
    expect((await tree.getContent(12))?.locations.map((location) => location.hidden)).toEqual([
      false,
      true,
    ]);
    await tree.deleteSubtree(5);
    expect(await idsOf(12)).toEqual([100]);
  });

  it('a lookup by id fills the remote id lookup; an update drops both', async () => {
    const source = new InMemoryContentSource();
    const cache = createCache({ adapter: createMapAdapter() });
    const cached = createCachedContentSource({ cache, source });
    await cached.getContent(12);
    const getByRemoteId = source.getContentByRemoteId.bind(source);
    let remoteLoads = 0;
    source.getContentByRemoteId = (remoteId) => {
      remoteLoads += 1;
      return getByRemoteId(remoteId);
    };
    expect((await cached.getContentByRemoteId('r-12'))?.id).toBe(12);
    expect(remoteLoads).toBe(0);
    await cached.updateContent(12, { title: 'New title' });
    expect((await cached.getContentByRemoteId('r-12'))?.fields.title).toBe('New title');
  });

  it('a location tree tag reaches content (the convention @pc/store-locations relies on)', async () => {
    const source = new InMemoryContentSource();
    const cache = createCache({ adapter: createMapAdapter() });
    const content = bindStore(cache, contentStore(source));
    await content.getMany([10, 11, 12, 13]);
    let loads = 0;
    const getContents = source.getContents.bind(source);
    source.getContents = (ids) => {
      loads += ids.length;
      return getContents(ids);
    };
    await cache.invalidate({ tags: ['location-path-4'] });
    await content.getMany([10, 11, 12, 13]);
    expect(loads).toBe(2);
    expect(await content.getBy(REMOTE_ID_INDEX, 'r-404')).toBeUndefined();
  });

  it('the invalidator maps content events to keys and content-type events to tags', async () => {
    expect(
      await contentInvalidator.targets({ entity: 'content', action: 'delete', ids: [1, 2] }),
    ).toEqual({ keys: ['content:1', 'content:2'], tags: [] });
    expect(
      await contentInvalidator.targets({ entity: 'content-type', action: 'update', ids: [100] }),
    ).toEqual({ keys: [], tags: ['content-fields-type-100'] });
    expect(
      await contentInvalidator.targets({
        entity: 'location',
        action: 'update',
        ids: [4],
        data: { contentIds: [10] },
      }),
    ).toEqual({ keys: ['content:10'], tags: ['location-4'] });
  });
});
