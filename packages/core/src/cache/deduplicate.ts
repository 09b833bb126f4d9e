/**
 * Unique keys in first-seen order, and for each input position the index of its
 * key in `unique` (calls take duplicates; the adapter and the loader see each key
 * once). `slots` is `undefined` when there are no duplicates (`unique` is `keys`).
 */
export function deduplicate(keys: readonly string[]): {
  unique: readonly string[];
  slots: number[] | undefined;
} {
  if (new Set(keys).size === keys.length) return { unique: keys, slots: undefined };
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
