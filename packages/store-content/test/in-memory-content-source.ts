import type { Content, ContentSource } from '../src/index.js';

/**
 * A fake content repository for tests. Items 10, 11, 12 have type 100; 13 has
 * type 200 and two locations.
 */
export class InMemoryContentSource implements ContentSource {
  readonly #items = new Map<number, Content>(
    [
      { id: 10, type: 100, locations: [{ id: 4, path: [1, 2, 4] }] },
      { id: 11, type: 100, locations: [{ id: 6, path: [1, 2, 4, 6] }] },
      { id: 12, type: 100, locations: [{ id: 5, path: [1, 2, 5] }] },
      {
        id: 13,
        type: 200,
        locations: [
          { id: 7, path: [1, 3, 7] },
          { id: 8, path: [1, 2, 8] },
        ],
      },
    ].map(({ id, type, locations }) => [
      id,
      {
        id,
        remoteId: `r-${id}`,
        contentTypeId: type,
        name: `item ${id}`,
        fields: { title: `Item ${id}`, body: `Body of ${id}` },
        locations,
      },
    ]),
  );

  async getContent(id: number): Promise<Content | undefined> {
    const item = this.#items.get(id);
    return item === undefined ? undefined : structuredClone(item);
  }

  async getContents(ids: readonly number[]): Promise<ReadonlyMap<number, Content>> {
    const found = new Map<number, Content>();
    for (const id of ids) {
      const item = await this.getContent(id);
      if (item !== undefined) found.set(id, item);
    }
    return found;
  }

  async getContentByRemoteId(remoteId: string): Promise<Content | undefined> {
    const item = [...this.#items.values()].find((candidate) => candidate.remoteId === remoteId);
    return item === undefined ? undefined : structuredClone(item);
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
}
