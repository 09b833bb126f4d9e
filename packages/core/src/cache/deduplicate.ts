/**
 * Unique keys in first-seen order, and for each input position the index of its
 * key in `unique` (calls take duplicates; the adapter and the loader see each key once).
 */
export function deduplicate(keys: readonly string[]): { unique: string[]; slots: number[] } {
  const positions = new Map<string, number>();
  const unique: string[] = [];
  const slots = keys.map((key) => {
    let position = positions.get(key);
    if (position === undefined) {
      position = unique.length;
      positions.set(key, position);
      unique.push(key);
    }
    return position;
  });
  return { unique, slots };
}
