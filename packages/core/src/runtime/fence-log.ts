/** One invalidation as this process saw it. */
interface FenceEntry {
  readonly generation: number;
  readonly keys: ReadonlySet<string>;
  readonly tags: ReadonlySet<string>;
  readonly all: boolean;
}

/**
 * How many recent invalidations are kept. A flight older than the oldest one kept
 * fills nothing (fails closed); at 4,096, that takes thousands of invalidations
 * while one load runs.
 */
const MAX_ENTRIES = 4096;

/**
 * The recent invalidations of this process (local ones when they start and again
 * when they complete, committed and retried ones, those from the bus), numbered.
 * A flight remembers the generation it started at and asks, before filling,
 * whether anything since touched it. No per-flight or per-key state is kept, so a
 * read costs nothing here and memory stays bounded.
 */
export class FenceLog {
  readonly #entries: FenceEntry[] = [];
  #generation = 0;

  /** The generation of the latest invalidation recorded (0: none yet). */
  get generation(): number {
    return this.#generation;
  }

  record(keys: ReadonlySet<string>, tags: ReadonlySet<string>, all: boolean): void {
    this.#generation += 1;
    this.#entries.push({ generation: this.#generation, keys, tags, all });
    if (this.#entries.length > MAX_ENTRIES)
      this.#entries.splice(0, this.#entries.length - MAX_ENTRIES);
  }

  /**
   * `true` when an invalidation recorded after generation `since` names
   * `adapterKey` or one of `tagKeys` (`anyTag`: any tag at all), or cleared
   * everything; also when entries after `since` were already dropped.
   */
  touchedSince(
    since: number,
    adapterKey: string,
    tagKeys: readonly string[],
    anyTag: boolean,
  ): boolean {
    if (since === this.#generation) return false;
    const entries = this.#entries;
    if (entries.length === 0 || entries[0]!.generation > since + 1) return true;
    for (let index = entries.length - 1; index >= 0; index--) {
      const entry = entries[index]!;
      if (entry.generation <= since) break;
      if (entry.all || entry.keys.has(adapterKey)) return true;
      if (entry.tags.size === 0) continue;
      if (anyTag) return true;
      for (const tagKey of tagKeys) if (entry.tags.has(tagKey)) return true;
    }
    return false;
  }
}
