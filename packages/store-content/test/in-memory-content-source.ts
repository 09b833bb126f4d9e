import type { Content, ContentLocation, ContentSource } from '../src/index.js';

/** A location of the test tree: what a location backend stores next to content. */
export interface TreeLocation {
  readonly id: number;
  readonly parentId: number | undefined;
  readonly path: readonly number[];
  readonly contentId: number;
  readonly hidden: boolean;
}

/**
 * The location writes of the test tree, in the shape of `@pc/store-locations`'
 * `LocationSource` (one database holds content and locations).
 */
export interface TreeWrites {
  createLocation(parentId: number, contentId: number): Promise<TreeLocation>;
  setLocationHidden(id: number, hidden: boolean): Promise<TreeLocation>;
  moveSubtree(id: number, newParentId: number): Promise<{ readonly oldParentId: number }>;
  deleteSubtree(id: number): Promise<{ readonly parentId: number }>;
}

/**
 * A fake content repository for tests, over one tree:
 * 1 > (2 > (4 > 6), 5, 8), (3 > 7). Items 10 (at 4), 11 (at 6), 12 (at 5) have
 * type 100; 13 has type 200 and two locations (7 and 8). New locations get ids
 * from 100. An item's `locations` are read from the tree, as a database join would.
 */
export class InMemoryContentSource implements ContentSource, TreeWrites {
  readonly #items = new Map<number, Omit<Content, 'locations'>>(
    [
      { id: 10, type: 100 },
      { id: 11, type: 100 },
      { id: 12, type: 100 },
      { id: 13, type: 200 },
    ].map(({ id, type }) => [
      id,
      {
        id,
        remoteId: `r-${id}`,
        contentTypeId: type,
        name: `item ${id}`,
        fields: { title: `Item ${id}`, body: `Body of ${id}` },
      },
    ]),
  );
  readonly #nodes = new Map<
    number,
    { parentId: number | undefined; contentId: number; hidden: boolean }
  >(
    (
      [
        [1, undefined, 1],
        [2, 1, 2],
        [3, 1, 3],
        [4, 2, 10],
        [5, 2, 12],
        [6, 4, 11],
        [7, 3, 13],
        [8, 2, 13],
      ] as const
    ).map(([id, parentId, contentId]) => [id, { parentId, contentId, hidden: false }]),
  );
  #nextLocationId = 100;

  #path(id: number): number[] {
    const parentId = this.#nodes.get(id)?.parentId;
    return parentId === undefined ? [id] : [...this.#path(parentId), id];
  }

  #location(id: number): TreeLocation {
    const node = this.#nodes.get(id)!;
    return { id, ...node, path: this.#path(id) };
  }

  #content(id: number): Content | undefined {
    const item = this.#items.get(id);
    if (item === undefined) return undefined;
    const locations: ContentLocation[] = [...this.#nodes]
      .filter(([, node]) => node.contentId === id)
      .map(([locationId, node]) => ({
        id: locationId,
        path: this.#path(locationId),
        hidden: node.hidden,
      }));
    return structuredClone({ ...item, locations });
  }

  async getContent(id: number): Promise<Content | undefined> {
    return this.#content(id);
  }

  async getContents(ids: readonly number[]): Promise<ReadonlyMap<number, Content>> {
    const found = new Map<number, Content>();
    for (const id of ids) {
      const item = this.#content(id);
      if (item !== undefined) found.set(id, item);
    }
    return found;
  }

  async getContentByRemoteId(remoteId: string): Promise<Content | undefined> {
    const item = [...this.#items.values()].find((candidate) => candidate.remoteId === remoteId);
    return item === undefined ? undefined : this.#content(item.id);
  }

  async updateContent(id: number, fields: Readonly<Record<string, unknown>>): Promise<void> {
    const item = this.#items.get(id);
    if (item !== undefined) this.#items.set(id, { ...item, fields: { ...item.fields, ...fields } });
  }

  async deleteContent(id: number): Promise<void> {
    this.#items.delete(id);
  }

  async removeFieldFromType(contentTypeId: number, field: string): Promise<void> {
    for (const [id, item] of this.#items) {
      if (item.contentTypeId !== contentTypeId) continue;
      const { [field]: _removed, ...fields } = item.fields;
      this.#items.set(id, { ...item, fields });
    }
  }

  async createLocation(parentId: number, contentId: number): Promise<TreeLocation> {
    const id = this.#nextLocationId++;
    this.#nodes.set(id, { parentId, contentId, hidden: false });
    return this.#location(id);
  }

  async setLocationHidden(id: number, hidden: boolean): Promise<TreeLocation> {
    this.#nodes.set(id, { ...this.#nodes.get(id)!, hidden });
    return this.#location(id);
  }

  async moveSubtree(id: number, newParentId: number): Promise<{ readonly oldParentId: number }> {
    const node = this.#nodes.get(id)!;
    this.#nodes.set(id, { ...node, parentId: newParentId });
    return { oldParentId: node.parentId! };
  }

  async deleteSubtree(id: number): Promise<{ readonly parentId: number }> {
    const parentId = this.#nodes.get(id)!.parentId!;
    const doomed = [...this.#nodes.keys()].filter((candidate) =>
      this.#path(candidate).includes(id),
    );
    for (const candidate of doomed) this.#nodes.delete(candidate);
    return { parentId };
  }
}
