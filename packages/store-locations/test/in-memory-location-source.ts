import type { Location, LocationSource } from '../src/index.js';

/** A fake tree for tests: 1 > (2 > (4 > 6), 5), (3 > 7); new locations get ids from 8. */
export class InMemoryLocationSource implements LocationSource {
  readonly #nodes = new Map<
    number,
    { parentId: number | undefined; contentId: number; hidden: boolean }
  >([
    [1, { parentId: undefined, contentId: 101, hidden: false }],
    [2, { parentId: 1, contentId: 102, hidden: false }],
    [3, { parentId: 1, contentId: 103, hidden: false }],
    [4, { parentId: 2, contentId: 104, hidden: false }],
    [5, { parentId: 2, contentId: 105, hidden: false }],
    [6, { parentId: 4, contentId: 106, hidden: false }],
    [7, { parentId: 3, contentId: 107, hidden: false }],
  ]);
  #nextId = 8;

  #path(id: number): number[] {
    const parentId = this.#nodes.get(id)?.parentId;
    return parentId === undefined ? [id] : [...this.#path(parentId), id];
  }

  #location(id: number): Location | undefined {
    const node = this.#nodes.get(id);
    if (node === undefined) return undefined;
    return {
      id,
      parentId: node.parentId,
      path: this.#path(id),
      contentId: node.contentId,
      hidden: node.hidden,
    };
  }

  async getLocation(id: number): Promise<Location | undefined> {
    return this.#location(id);
  }

  async getLocations(ids: readonly number[]): Promise<ReadonlyMap<number, Location>> {
    const found = new Map<number, Location>();
    for (const id of ids) {
      const location = this.#location(id);
      if (location !== undefined) found.set(id, location);
    }
    return found;
  }

  async getChildren(parentId: number): Promise<readonly Location[]> {
    return [...this.#nodes]
      .filter(([, node]) => node.parentId === parentId)
      .map(([id]) => this.#location(id)!);
  }

  async createLocation(parentId: number, contentId: number): Promise<Location> {
    const id = this.#nextId++;
    this.#nodes.set(id, { parentId, contentId, hidden: false });
    return this.#location(id)!;
  }

  async setLocationHidden(id: number, hidden: boolean): Promise<Location> {
    const node = this.#nodes.get(id);
    if (node === undefined) throw new Error(`no location ${id}`);
    this.#nodes.set(id, { ...node, hidden });
    return this.#location(id)!;
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
