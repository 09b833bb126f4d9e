import { describe, expect, it } from 'vitest';
import {
  bindStore,
  createCache,
  createInvalidatorRegistry,
  createRepositoryEvents,
  createStoreInvalidator,
  defineStore,
  type InvalidateEvent,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

// Ibexa's tree tags, end to end: locations and content carry `location-path-<id>`
// for every ancestor on their path, so moving a subtree reloads everything below
// it through one tag, while siblings stay cached. The definitions mirror
// @pc/store-locations and @pc/store-content (stores are standalone, so this test
// brings its own copies rather than importing both packages).

interface Location {
  readonly id: number;
  readonly parentId: number | undefined;
  /** Ancestor ids from the root down to this location, itself included. */
  readonly path: readonly number[];
  readonly contentId: number;
}

interface Content {
  readonly id: number;
  readonly typeId: number;
  readonly locations: readonly { readonly id: number; readonly path: readonly number[] }[];
}

type SubtreeMoved = InvalidateEvent<
  'location-subtree',
  number,
  { readonly oldParentId: number; readonly newParentId: number }
>;

const pathTags = (path: readonly number[]) => path.map((id) => `location-path-${id}`);

/**
 * The tree: 1 > (2 > (4 > 6), 5), (3 > 7). Content 10 at 4, 11 at 6, 12 at 5,
 * 13 at 7, 14 at 2.
 */
class Tree {
  readonly parents = new Map<number, number | undefined>([
    [1, undefined],
    [2, 1],
    [3, 1],
    [4, 2],
    [5, 2],
    [6, 4],
    [7, 3],
  ]);
  readonly contentOf = new Map([
    [1, 1],
    [2, 14],
    [3, 3],
    [4, 10],
    [5, 12],
    [6, 11],
    [7, 13],
  ]);
  readonly types = new Map([
    [10, 100],
    [11, 100],
    [12, 100],
    [13, 200],
    [14, 200],
  ]);
  readonly loads: string[] = [];

  path(id: number): number[] {
    const parent = this.parents.get(id);
    return parent === undefined ? [id] : [...this.path(parent), id];
  }

  location(id: number): Location | undefined {
    if (!this.parents.has(id)) return undefined;
    return {
      id,
      parentId: this.parents.get(id),
      path: this.path(id),
      contentId: this.contentOf.get(id)!,
    };
  }

  async loadLocation(id: number): Promise<Location | undefined> {
    this.loads.push(`location ${id}`);
    return this.location(id);
  }

  async loadChildren(parentId: number): Promise<Location[]> {
    this.loads.push(`children ${parentId}`);
    return [...this.parents]
      .filter(([, parent]) => parent === parentId)
      .map(([id]) => this.location(id)!);
  }

  async loadContent(id: number): Promise<Content | undefined> {
    this.loads.push(`content ${id}`);
    const typeId = this.types.get(id);
    if (typeId === undefined) return undefined;
    const locations = [...this.contentOf]
      .filter(([, contentId]) => contentId === id)
      .map(([locationId]) => ({ id: locationId, path: this.path(locationId) }));
    return { id, typeId, locations };
  }

  async move(id: number, newParentId: number): Promise<number> {
    const oldParentId = this.parents.get(id)!;
    this.parents.set(id, newParentId);
    return oldParentId;
  }
}

function setup() {
  const tree = new Tree();
  const cache = createCache({ adapter: new MapAdapter() });
  const locations = defineStore<number, Location, SubtreeMoved>({
    name: 'locations',
    key: (id) => String(id),
    tags: (id, location) => [`location-${id}`, ...pathTags(location.path)],
    load: (id) => tree.loadLocation(id),
    invalidatedBy: {
      'location-subtree': (event) => ({ tags: event.ids.map((id) => `location-path-${id}`) }),
    },
  });
  const children = defineStore<number, Location[], SubtreeMoved>({
    name: 'location-children',
    key: (parentId) => String(parentId),
    // The parent's path comes from its children's paths (an empty list holds none).
    tags: (parentId, list) => [
      `location-${parentId}`,
      ...pathTags(list[0]?.path.slice(0, -1) ?? [parentId]),
      ...list.map((child) => `location-${child.id}`),
    ],
    load: (parentId) => tree.loadChildren(parentId),
    invalidatedBy: {
      'location-subtree': (event) => ({
        ids: [event.data!.oldParentId, event.data!.newParentId],
        tags: event.ids.map((id) => `location-path-${id}`),
      }),
    },
  });
  const content = defineStore<number, Content>({
    name: 'content',
    key: (id) => String(id),
    tags: (id, value) => [
      `content-${id}`,
      `content-fields-type-${value.typeId}`,
      ...value.locations.flatMap((location) => [
        `location-${location.id}`,
        ...pathTags(location.path),
      ]),
    ],
    load: (id) => tree.loadContent(id),
  });
  const registry = createInvalidatorRegistry(cache, [
    createStoreInvalidator(locations),
    createStoreInvalidator(children),
  ]);
  return {
    tree,
    locations: bindStore(cache, locations),
    children: bindStore(cache, children),
    content: bindStore(cache, content),
    events: createRepositoryEvents(registry),
  };
}

describe('moving a subtree', () => {
  it('reloads every location and content below it through location-path tags; siblings stay cached', async () => {
    const { tree, locations, children, content, events } = setup();
    const readEverything = async () => ({
      locations: (await locations.getMany([1, 2, 3, 4, 5, 6, 7])).map((location) => location?.path),
      children: (await children.getMany([1, 2, 3, 4, 5, 6, 7])).map((list) =>
        list?.map((child) => child.id),
      ),
      content: (await content.getMany([10, 11, 12, 13, 14])).map((value) =>
        value?.locations.map((location) => location.path.join('/')),
      ),
    });
    await readEverything();
    tree.loads.length = 0;

    // Move 4 (with 6 below it) from 2 to 3.
    await events.onUpdate(
      (oldParentId) => ({
        entity: 'location-subtree',
        ids: [4],
        data: { oldParentId, newParentId: 3 },
      }),
      () => tree.move(4, 3),
    );
    const after = await readEverything();

    expect(tree.loads.sort()).toEqual(
      [
        // The moved subtree: its locations, their children lists and their content.
        // (The empty children list of 6 holds no paths, so it rightly stays.)
        'location 4',
        'location 6',
        'children 4',
        'content 10',
        'content 11',
        // The old and the new parent's children lists.
        'children 2',
        'children 3',
      ].sort(),
    );
    expect(after.locations).toEqual([
      [1],
      [1, 2],
      [1, 3],
      [1, 3, 4],
      [1, 2, 5],
      [1, 3, 4, 6],
      [1, 3, 7],
    ]);
    expect(after.children).toEqual([[2, 3], [5], [4, 7], [6], [], [], []]);
    expect(after.content).toEqual([['1/3/4'], ['1/3/4/6'], ['1/2/5'], ['1/3/7'], ['1/2']]);
  });
});
