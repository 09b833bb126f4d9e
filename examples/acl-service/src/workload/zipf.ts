/**
 * Picks ids from 1 to `size` with Zipf-like popularity: id k is chosen with a
 * probability proportional to 1 / k^exponent, as the traffic of a read-heavy
 * service concentrates on a few users and accounts and has a long tail. With
 * exponent 1 and 50,000 users, the top 100 get about 45% of the reads and half
 * of the users are never read in a run of a few thousand.
 *
 * @param random a generator of numbers in [0, 1) (seeded: the same choices every run)
 */
export function createZipf(size: number, exponent: number, random: () => number): () => number {
  const cumulative = zipfCumulative(size, exponent);
  const total = cumulative[size - 1]!;
  return () => {
    const target = random() * total;
    // The first id whose cumulative weight exceeds the target (binary search).
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low + 1;
  };
}

// The table depends only on (size, exponent): shared by every client of a run.
const tables = new Map<string, Float64Array>();

function zipfCumulative(size: number, exponent: number): Float64Array {
  const key = `${size}:${exponent}`;
  let table = tables.get(key);
  if (table === undefined) {
    table = new Float64Array(size);
    let sum = 0;
    for (let rank = 1; rank <= size; rank += 1) {
      sum += 1 / rank ** exponent;
      table[rank - 1] = sum;
    }
    tables.set(key, table);
  }
  return table;
}
