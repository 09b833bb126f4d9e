import { createRandom } from '../database/seed-data.js';
import { createActivePicker } from './active-population.js';
import { createZipf } from './zipf.js';

/**
 * The accounts a user works in: an access check is about one of the user's few
 * accounts (the ones the user opens every day), not about any account. Each
 * user has `size` of them, drawn once by account popularity (the same for every
 * run: they belong to the user, not to the run); the first ones are used most.
 *
 * @returns a function giving, for a user, one of its accounts picked with `random`.
 */
export function createWorkingSets(
  accounts: number,
  activeAccounts: number,
  exponent: number,
  size: number,
  random: () => number,
): (userId: number) => number {
  const slot = createZipf(size, exponent, random);
  return (userId) => {
    const own = createRandom(userId * 64 + slot());
    return createActivePicker(accounts, activeAccounts, exponent, own)();
  };
}
