import { setTimeout as sleep } from 'node:timers/promises';

/** Distinct keys the hit workloads rotate through. */
export const HOT_KEY_COUNT = 100;

/** Returns `0, 1, ..., size - 1, 0, 1, ...` on successive calls. */
export function cycle(size: number): () => number {
  let next = 0;
  return () => {
    const current = next;
    next = next + 1 === size ? 0 : next + 1;
    return current;
  };
}

/**
 * Throws when a read that must hit did not: a variant that silently measured misses
 * would report fantasy numbers.
 */
export function expectHit<T>(value: T | undefined | null, variant: string, key: string): T {
  if (value === undefined || value === null) {
    throw new Error(`${variant}: expected a hit for "${key}", got a miss`);
  }
  return value;
}

/** Throws when a read that must miss (after an invalidation) hit. */
export function expectMiss(value: unknown, variant: string, key: string): void {
  if (value !== undefined && value !== null) {
    throw new Error(`${variant}: expected a miss for "${key}" after the invalidation, got a hit`);
  }
}

/** The backend every load workload "calls": 1 ms of waiting (a fast database query). */
export async function oneMillisecondLoad<T>(value: T): Promise<T> {
  await sleep(1);
  return value;
}

/** A small deterministic PRNG (mulberry32), so every variant sees the same operation sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A sink the optimizer cannot see through, for results of synchronous reads. */
export const blackhole: { value: unknown } = { value: undefined };

/**
 * Splits `keyCount` keys into windows of `size` and returns them one after the other,
 * round robin: each multi-read reads the next window.
 */
export function keyWindows(
  keyCount: number,
  size: number,
  key: (index: number) => string,
): () => string[] {
  const all = Array.from({ length: keyCount }, (_, index) => key(index));
  const slices = Array.from({ length: Math.ceil(keyCount / size) }, (_, window) =>
    all.slice(window * size, (window + 1) * size),
  );
  let next = 0;
  return () => {
    const slice = slices[next]!;
    next = (next + 1) % slices.length;
    return slice;
  };
}

/** Runs `task` for every index in `[0, count)`, at most `concurrency` at a time. */
export async function forEachConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Starts `callers` calls of `read` at once and waits for all of them. */
export async function concurrently(callers: number, read: () => Promise<unknown>): Promise<void> {
  const reads = new Array<Promise<unknown>>(callers);
  for (let caller = 0; caller < callers; caller += 1) reads[caller] = read();
  await Promise.all(reads);
}
