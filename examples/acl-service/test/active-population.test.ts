import { describe, expect, it } from 'vitest';
import { createRandom } from '../src/database/seed-data.js';
import { createActivePicker } from '../src/workload/active-population.js';

describe('the active population of a run', () => {
  it('picks only among `active` ids, spread over the whole range, the most popular most often', () => {
    const pick = createActivePicker(50_000, 2_500, 1.1, createRandom(3));
    const counts = new Map<number, number>();
    for (let draw = 0; draw < 50_000; draw++) {
      const id = pick();
      expect(Number.isInteger(id) && id >= 1 && id <= 50_000).toBe(true);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBeLessThanOrEqual(2_500);
    // Not ids 1 to 2,500: a sample of the whole database.
    expect([...counts.keys()].filter((id) => id > 2_500).length).toBeGreaterThan(2_000);
    // Rank 1 is id 1, rank 2 id 7,920: the head of the Zipf law.
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2);
    expect(top.map(([id]) => id)).toEqual([1, 7_920]);
  });

  it('maps the ranks one to one: every id once when the whole population is active', () => {
    const size = 1_000;
    const pick = createActivePicker(size, size, 0, createRandom(5));
    const seen = new Set<number>();
    for (let draw = 0; draw < 50_000; draw++) seen.add(pick());
    expect(seen.size).toBe(size);
  });

  it('gives the same choices for the same seed', () => {
    const a = createActivePicker(20_000, 1_000, 1.1, createRandom(9));
    const b = createActivePicker(20_000, 1_000, 1.1, createRandom(9));
    expect(Array.from({ length: 100 }, a)).toEqual(Array.from({ length: 100 }, b));
  });
});
