/**
 * Keys of this process whose load failed while a grace value existed: until the
 * backoff ends, their grace value is served without calling the loader again
 * (`graceBackoffMilliseconds`). In-process only: each process backs off after its
 * own failed load. Expired marks are dropped when looked up or when the table is
 * swept (it never holds more than the keys that failed within one backoff).
 */
export class GraceBackoff {
  readonly #until = new Map<string, number>();

  /** Marks `adapterKey`: no loader call for it before `until` (ms epoch). */
  mark(adapterKey: string, until: number): void {
    if (this.#until.size > 1_000) this.#sweep(Date.now());
    this.#until.set(adapterKey, until);
  }

  /** `true` while `adapterKey` is backing off. */
  active(adapterKey: string, now: number): boolean {
    if (this.#until.size === 0) return false;
    const until = this.#until.get(adapterKey);
    if (until === undefined) return false;
    if (now < until) return true;
    this.#until.delete(adapterKey);
    return false;
  }

  /** Ends the backoff of `adapterKey` (its load succeeded, or it was invalidated). */
  clear(adapterKey: string): void {
    this.#until.delete(adapterKey);
  }

  #sweep(now: number): void {
    for (const [key, until] of this.#until) if (until <= now) this.#until.delete(key);
  }
}
