/** A loader that resolves `value` and counts its calls (`calls`). */
export function countingLoader<T>(value: T): { load: () => Promise<T>; readonly calls: number } {
  let calls = 0;
  return {
    load: async () => {
      calls++;
      return value;
    },
    get calls() {
      return calls;
    },
  };
}
