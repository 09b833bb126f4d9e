/**
 * Controls when a loader finishes, so race tests decide the interleaving
 * instead of timing: `loader(value)` returns a loader that signals `entered`
 * when called, then waits until `open()`.
 */
export interface Gate {
  /** A loader that waits for `open()` and then resolves `value`. */
  loader<T>(value: T): () => Promise<T>;
  /** A batched loader that waits for `open()` and then maps each key with `value`. */
  batchLoader<T>(value: (key: string) => T): (keys: readonly string[]) => Promise<Map<string, T>>;
  /** Resolves once a loader of this gate has been called. */
  readonly entered: Promise<void>;
  /** How many loaders of this gate were called. */
  readonly calls: number;
  /** Lets every waiting (and later) loader of this gate finish. */
  open(): void;
}

export function createGate(): Gate {
  let open!: () => void;
  let enter!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  let calls = 0;
  return {
    loader<T>(value: T) {
      return async () => {
        calls++;
        enter();
        await opened;
        return value;
      };
    },
    batchLoader<T>(value: (key: string) => T) {
      return async (keys: readonly string[]) => {
        calls++;
        enter();
        await opened;
        return new Map(keys.map((key) => [key, value(key)]));
      };
    },
    entered,
    get calls() {
      return calls;
    },
    open,
  };
}
