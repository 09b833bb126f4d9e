/**
 * A seeded pseudo-random stream (sfc32, seeded through a string hash), so one seed
 * reproduces the same operations. The harness never calls `Math.random`.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [minimum, maximum], both included. */
  integer(minimum: number, maximum: number): number;
  /** One element of `items` (not empty). */
  pick<T>(items: readonly T[]): T;
  /** `true` with probability `probability`. */
  chance(probability: number): boolean;
}

/** The largest seed accepted: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

// xmur3: spreads a string over 32-bit seeds for sfc32.
function hashString(text: string): () => number {
  let hash = 1779033703 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 3432918353);
    hash = (hash << 13) | (hash >>> 19);
  }
  return () => {
    hash = Math.imul(hash ^ (hash >>> 16), 2246822507);
    hash = Math.imul(hash ^ (hash >>> 13), 3266489909);
    hash ^= hash >>> 16;
    return hash >>> 0;
  };
}

/**
 * The stream of `seed` for one purpose (`streams`, e.g. `['reader', 2, 1]`): every
 * loop of every worker draws from its own stream, so what one loop does never
 * shifts what another one does.
 */
export function createSeededRandom(
  seed: number,
  ...streams: ReadonlyArray<string | number>
): SeededRandom {
  const seedOf = hashString([seed, ...streams].join('/'));
  let a = seedOf();
  let b = seedOf();
  let c = seedOf();
  let d = seedOf();
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm up: the first outputs of sfc32 still carry the seeding pattern.
  for (let round = 0; round < 15; round++) next();
  return {
    next,
    integer: (minimum, maximum) => minimum + Math.floor(next() * (maximum - minimum + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (probability) => next() < probability,
  };
}
