import {
  bindStore,
  createCache,
  createInvalidatorRegistry,
  createStoreInvalidator,
  defineStore,
} from '@pc/core';
import { createMapAdapter, describeStore } from '@pc/core/testing';
import { describe, expect, it } from 'vitest';
import {
  createCachedLocationSource,
  LOCATION_TAGS,
  type LocationEvent,
  type LocationSource,
  locationChildrenInvalidator,
  locationsInvalidator,
  locationsStore,
} from '../src/index.js';
import { InMemoryLocationSource } from './in-memory-location-source.js';

const tagsOf = (id: number, path: number[]) => [
  `location-${id}`,
  ...path.map((ancestor) => `location-path-${ancestor}`),
];

describeStore<LocationSource>({
  name: 'locations',
  source: () => new InMemoryLocationSource(),
  subject: ({ cache, source }) => createCachedLocationSource({ cache, source }),
  rows: {
    getLocation: [
      { kind: 'read', title: '4', args: [4], key: 'locations:4', tags: tagsOf(4, [1, 2, 4]) },
      { kind: 'read', title: '5', args: [5], key: 'locations:5', tags: tagsOf(5, [1, 2, 5]) },
    ],
    getLocations: {
      kind: 'read-many',
      entries: [
        { id: 4, key: 'locations:4', tags: tagsOf(4, [1, 2, 4]) },
        { id: 5, key: 'locations:5', tags: tagsOf(5, [1, 2, 5]) },
        { id: 6, key: 'locations:6', tags: tagsOf(6, [1, 2, 4, 6]) },
        { id: 7, key: 'locations:7', tags: tagsOf(7, [1, 3, 7]) },
      ],
    },
    getChildren: [
      {
        kind: 'read',
        title: 'of 2',
        args: [2],
        key: 'location-children:2',
        tags: ['location-2', 'location-4', 'location-5', 'location-path-1', 'location-path-2'],
      },
      {
        kind: 'read',
        title: 'of 4',
        args: [4],
        key: 'location-children:4',
        tags: ['location-4', 'location-6', 'location-path-1', 'location-path-2', 'location-path-4'],
      },
      {
        kind: 'read',
        title: 'of 3',
        args: [3],
        key: 'location-children:3',
        tags: ['location-3', 'location-7', 'location-path-1', 'location-path-3'],
      },
    ],
    createLocation: {
      kind: 'write',
      args: [5, 999],
      invalidates: { keys: ['locations:8', 'location-children:5'] },
    },
    setLocationHidden: [
      {
        kind: 'write',
        title: 'hide 4',
        args: [4, true],
        invalidates: { keys: ['locations:4', 'location-children:2'], tags: ['location-4'] },
      },
      {
        kind: 'write',
        title: 'unhide 7',
        args: [7, false],
        invalidates: { keys: ['locations:7', 'location-children:3'], tags: ['location-7'] },
      },
    ],
    moveSubtree: {
      kind: 'write',
      args: [4, 3],
      invalidates: {
        keys: ['location-children:2', 'location-children:3'],
        tags: ['location-4', 'location-path-4'],
      },
    },
    deleteSubtree: {
      kind: 'write',
      args: [5],
      invalidates: { keys: ['location-children:2'], tags: ['location-5', 'location-path-5'] },
    },
  },
});

describe('location stores', () => {
  it('moving a subtree reloads everything below it, including other stores tagged by path', async () => {
    const source = new InMemoryLocationSource();
    const cache = createCache({ adapter: createMapAdapter() });
    const registry = createInvalidatorRegistry(cache, [
      locationsInvalidator,
      locationChildrenInvalidator,
    ]);
    const locations = createCachedLocationSource({ cache, source, registry });
    // A content-like store of this test, tagged by path as @pc/store-content is.
    const contentLoads: number[] = [];
    const contentAt = bindStore(
      cache,
      defineStore<number, string>({
        name: 'content-at',
        key: (locationId) => String(locationId),
        tags: (locationId) => [LOCATION_TAGS.location(locationId)],
        load: async (locationId) => {
          contentLoads.push(locationId);
          const location = await source.getLocation(locationId);
          return location === undefined ? undefined : `content at ${location.path.join('/')}`;
        },
      }),
    );
    const pathTagged = bindStore(
      cache,
      defineStore<number, string>({
        name: 'content-by-path',
        key: (locationId) => String(locationId),
        tags: (_, value) =>
          value
            .replace('content at ', '')
            .split('/')
            .map((id) => LOCATION_TAGS.locationPath(Number(id))),
        load: async (locationId) => {
          contentLoads.push(locationId);
          const location = await source.getLocation(locationId);
          return location === undefined ? undefined : `content at ${location.path.join('/')}`;
        },
      }),
    );
    await pathTagged.getMany([4, 5, 6, 7]);
    await contentAt.get(5);
    contentLoads.length = 0;

    await locations.moveSubtree(4, 3);

    expect(await pathTagged.getMany([4, 5, 6, 7])).toEqual([
      'content at 1/3/4',
      'content at 1/2/5',
      'content at 1/3/4/6',
      'content at 1/3/7',
    ]);
    expect(await contentAt.get(5)).toBe('content at 1/2/5');
    expect(contentLoads).toEqual([4, 6]);
    expect((await locations.getChildren(3)).map((child) => child.id)).toEqual([4, 7]);
    expect((await locations.getLocation(6))?.path).toEqual([1, 3, 4, 6]);
  });

  it('every location event names the content it concerns, so a store of content (keyed by content id) follows', async () => {
    const source = new InMemoryLocationSource();
    const cache = createCache({ adapter: createMapAdapter() });
    // Content as a content store sees it: the locations of each item. Keyed by
    // content id, so only an event that names the content can reach a new location.
    const locationsOf = async (contentId: number) =>
      (await Promise.all([...Array(20).keys()].map((id) => source.getLocation(id))))
        .filter((location) => location?.contentId === contentId)
        .map((location) => `${location!.id}${location!.hidden ? ' (hidden)' : ''}`);
    const contentRules = {
      name: 'content-like',
      key: (contentId: number) => String(contentId),
      invalidatedBy: {
        location: (event: LocationEvent) =>
          event.entity === 'location' ? { ids: event.data?.contentIds ?? [] } : {},
      },
    };
    const content = bindStore(
      cache,
      defineStore<number, readonly string[]>({
        name: contentRules.name,
        key: contentRules.key,
        load: locationsOf,
      }),
    );
    const registry = createInvalidatorRegistry(cache, [
      locationsInvalidator,
      locationChildrenInvalidator,
      createStoreInvalidator<number, LocationEvent>(contentRules),
    ]);
    const locations = createCachedLocationSource({ cache, source, registry });
    expect(await content.get(105)).toEqual(['5']);

    const created = await locations.createLocation(2, 105);
    expect(await content.get(105)).toEqual(['5', String(created.id)]);

    await locations.setLocationHidden(created.id, true);
    expect(await content.get(105)).toEqual(['5', `${created.id} (hidden)`]);
    expect((await locations.getChildren(2)).find((child) => child.id === created.id)?.hidden).toBe(
      true,
    );
  });

  it('rejects unknown options, naming them', () => {
    expect(() => locationsStore(new InMemoryLocationSource(), { depth: 2 } as never)).toThrowError(
      'unknown option "depth"',
    );
  });
});
