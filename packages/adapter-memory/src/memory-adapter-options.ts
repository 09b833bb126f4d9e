import type { MemoryStore } from './memory-store.js';
import type { MemoryStoreOptions } from './memory-store-options.js';

/** Options of `createMemoryAdapter`. */
export interface MemoryAdapterOptions extends MemoryStoreOptions {
  /**
   * The namespace this adapter serves. Any non-empty string; adapters of
   * different namespaces on one shared `store` never see each other's keys.
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * Largest payload accepted, in UTF-8 bytes. A larger payload, or an entry
   * whose namespace + key + payload exceed the store's `maxBytes`, is rejected
   * with `ValueTooLargeError` and nothing is written.
   * @default a quarter of `maxBytes` (16 MiB with the default `maxBytes`), so one
   *   value never flushes the whole cache
   */
  readonly maxValueBytes?: number;
  /**
   * A store shared with other adapters (from `createMemoryStore`), so several
   * namespaces share one memory budget and adapters of the same namespace see
   * each other's writes (`capabilities.sharedAcrossInstances` is then `true`).
   * The caps are the store's: do not pass `maxItems` or `maxBytes` with it.
   * The adapter never clears or disposes a store it was given.
   * @default undefined (the adapter creates a private store from `maxItems` and `maxBytes`)
   */
  readonly store?: MemoryStore;
}

/** Defaults of `MemoryAdapterOptions` (caps: see `MEMORY_STORE_DEFAULTS`). */
export const MEMORY_ADAPTER_DEFAULTS = {
  namespace: 'default',
  /** Divisor applied to `maxBytes` when `maxValueBytes` is not given. */
  maxValueBytesShare: 4,
} as const;
