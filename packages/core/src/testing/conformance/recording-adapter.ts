import type { AdapterEntry } from '../../contracts/adapter-entry.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';

/** What a `RecordingAdapter` saw since its log was last reset. */
export interface AdapterLog {
  /** Keys passed to set, setMany, delete, deleteMany (and setTagged), in call order. */
  readonly touched: string[];
  /** Payloads written, by key (the last one wins). */
  readonly written: Map<string, string>;
}

/**
 * Wraps an adapter and records the keys a Cache touches through it, so the
 * suite can find the Cache's own records (entries, tag versions) without
 * knowing its key layout. Optional methods are forwarded only when present.
 */
export function recordingAdapter(inner: CacheAdapter): {
  adapter: CacheAdapter;
  log: AdapterLog;
  reset(): void;
} {
  const log: AdapterLog = { touched: [], written: new Map() };
  const record = (key: string, written?: AdapterEntry) => {
    log.touched.push(key);
    if (written !== undefined) log.written.set(key, written.payload);
  };
  const forwarded: Record<string, unknown> = {
    set(key: string, written: AdapterEntry) {
      record(key, written);
      return inner.set(key, written);
    },
    setMany(entries: ReadonlyArray<readonly [string, AdapterEntry]>) {
      for (const [key, written] of entries) record(key, written);
      return inner.setMany(entries);
    },
    delete(key: string) {
      record(key);
      return inner.delete(key);
    },
    deleteMany(keys: readonly string[]) {
      for (const key of keys) record(key);
      return inner.deleteMany(keys);
    },
    setTagged(entries: ReadonlyArray<readonly [string, AdapterEntry, readonly string[]]>) {
      for (const [key, written] of entries) record(key, written);
      return (
        inner as unknown as { setTagged: (e: typeof entries) => Promise<boolean[]> }
      ).setTagged(entries);
    },
  };
  const adapter = new Proxy(inner, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in forwarded && property in target) {
        return forwarded[property];
      }
      const value = Reflect.get(target, property, receiver === adapter ? target : receiver);
      // Methods run against the real adapter, whose `#private` fields a Proxy lacks.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    adapter,
    log,
    reset() {
      log.touched.length = 0;
      log.written.clear();
    },
  };
}
