import { dependencyTag } from '../tags/dependency-tags.js';

/**
 * Collects what one computation of a derived cache read: the dependency tag of
 * every input entry (whether it exists or not) and the input entries' own tags.
 * Reads after the computation ended are not recorded (nothing is stored for them).
 */
export class DependencyRecorder {
  readonly #namespacePath: readonly string[];
  readonly #tags = new Set<string>();
  #open = true;

  constructor(namespacePath: readonly string[]) {
    this.#namespacePath = namespacePath;
  }

  /** Records that the entry `key` of this namespace was read. */
  entry(key: string): void {
    if (this.#open) this.#tags.add(dependencyTag(this.#namespacePath, key));
  }

  /** Records the tags an entry that was read carries. */
  tags(tags: readonly string[]): void {
    if (!this.#open) return;
    for (const tag of tags) this.#tags.add(tag);
  }

  /** Ends the recording. @returns every tag recorded, in the order first seen. */
  close(): string[] {
    this.#open = false;
    return [...this.#tags];
  }
}
