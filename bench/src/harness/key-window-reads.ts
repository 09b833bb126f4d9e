import { createPcCache, type PcBackend } from './pc-cache.js';
import { createSampleValue } from './sample-value.js';
import type { Variant } from './workload.js';
import { blackhole, expectHit, keyWindows } from './workload-helpers.js';

/** The multi-read workloads: windows of `size` keys over `keyCount` sample values. */
export const KEY_WINDOWS = {
  /** Keys per multi-read. */
  size: 100,
  /** Distinct keys; each operation reads the next window. */
  keyCount: 1_000,
} as const;

/** The key of sample value `index`: `item:<index>`. */
export const windowKey = (index: number): string => `item:${index}`;

/** `{ key, value }` for every sample value of the multi-read workloads, as `setMany`/`mset` take them. */
export function windowItems(): Array<{ key: string; value: Record<string, unknown> }> {
  return Array.from({ length: KEY_WINDOWS.keyCount }, (_, index) => ({
    key: windowKey(index),
    value: createSampleValue(index),
  }));
}

/** A round-robin source of the next window of keys. */
export function nextWindow(): () => string[] {
  return keyWindows(KEY_WINDOWS.keyCount, KEY_WINDOWS.size, windowKey);
}

/** Throws unless every slot of `values` is a hit. */
export function expectAllHit(
  values: ReadonlyArray<unknown>,
  variant: string,
  keys: readonly string[],
): void {
  for (let index = 0; index < keys.length; index += 1) {
    expectHit(values[index], variant, keys[index]!);
  }
}

/** pc `cache.getMany` of one window per operation on `backend`. */
export function pcGetManyVariant(name: string, backend: PcBackend): Variant {
  return {
    name,
    kind: 'pc',
    async setup(context) {
      const { cache, close } = await createPcCache(context, backend);
      await cache.setMany(windowItems());
      const next = nextWindow();
      return {
        async run() {
          const keys = next();
          const values = await cache.getMany(keys);
          expectAllHit(values, 'pc', keys);
          blackhole.value = values;
        },
        teardown: close,
      };
    },
  };
}
