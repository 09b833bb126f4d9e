import { createZipf } from './zipf.js';

/**
 * A multiplier coprime with every population size the demo uses (a prime that
 * divides none of them): `rank * STRIDE mod size` visits every id exactly once.
 */
const STRIDE = 7_919;

/**
 * Picks ids among the `active` members of a population of `size` (ids 1 to
 * `size`), by Zipf-like popularity among them (see `createZipf`).
 *
 * Why a part of the population: a demo run is some ten seconds of a service's
 * traffic. In a window that short a service meets a small share of its users and
 * accounts (daily actives are a fraction of all users; a minute's actives a
 * fraction of those), and a cache that has been running for hours holds what they
 * read. Picking from the whole population instead makes most of a short run
 * first-ever reads: a cold start, not a service at work.
 *
 * The active members are spread over the id range (rank k is id
 * `(k - 1) * STRIDE mod size + 1`), not ids 1 to `active`, so the data they touch
 * is a sample of the whole database.
 *
 * @param random a generator of numbers in [0, 1) (seeded: the same choices every run)
 */
export function createActivePicker(
  size: number,
  active: number,
  exponent: number,
  random: () => number,
): () => number {
  if (size % STRIDE === 0) throw new RangeError(`population ${size} is a multiple of ${STRIDE}`);
  const rank = createZipf(Math.min(size, active), exponent, random);
  return () => (((rank() - 1) * STRIDE) % size) + 1;
}
