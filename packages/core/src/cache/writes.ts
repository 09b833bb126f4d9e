import type { CodecChain } from '../codecs/codec-chain.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import type { KeySpace } from '../keys/key-space.js';
import { assertValidKey } from '../keys/validate-key.js';
import type { CacheRuntime } from '../runtime/cache-runtime.js';
import { SET_MANY_ITEM_NAMES, SET_OPTION_NAMES } from './option-names.js';
import type { SetManyItem, SetOptions } from './set-options.js';
import { type PreparedWrite, prepareWrite } from './write-preparation.js';

const EMPTY: readonly string[] = [];

/**
 * Plain writes of a cache (`set`, `setMany`, `delete`, `deleteMany`): each ends
 * with the keys dropped from this process and announced on the bus. A write
 * replaces any lease on its key, so a load racing it stores nothing.
 */
export class Writes {
  readonly #runtime: CacheRuntime;
  readonly #keys: KeySpace;
  readonly #codecs: CodecChain | undefined;

  constructor(runtime: CacheRuntime, keys: KeySpace, codecs: CodecChain | undefined) {
    this.#runtime = runtime;
    this.#keys = keys;
    this.#codecs = codecs;
  }

  async set(key: string, value: unknown, options: SetOptions): Promise<boolean> {
    const runtime = this.#runtime;
    const write = prepareWrite(
      runtime,
      this.#keys,
      key,
      value,
      options,
      SET_OPTION_NAMES,
      Date.now(),
      this.#codecs,
    );
    if (await this.#writeInTransaction([write.adapterKey])) return false;
    let stored = false;
    try {
      if (write.expired) {
        await runtime.directAdapter.delete(write.adapterKey);
      } else {
        [stored] = (await runtime.directStrategy.write([write], true)) as [boolean];
      }
    } finally {
      runtime.invalidations.afterWrite([write.adapterKey]);
    }
    return stored === true;
  }

  async setMany(items: ReadonlyArray<SetManyItem>): Promise<boolean[]> {
    if (!Array.isArray(items)) {
      throw new InvalidOptionsError('[pc:cache] setMany expects an array of { key, value } items');
    }
    if (items.length === 0) return [];
    const runtime = this.#runtime;
    const now = Date.now();
    const writes: PreparedWrite[] = items.map((item: SetManyItem) => {
      if (typeof item !== 'object' || item === null) {
        throw new InvalidOptionsError(
          '[pc:cache] each setMany item must be a { key, value } object',
        );
      }
      assertValidKey(item.key);
      return prepareWrite(
        runtime,
        this.#keys,
        item.key,
        item.value,
        item,
        SET_MANY_ITEM_NAMES,
        now,
        this.#codecs,
      );
    });
    const adapterKeys = writes.map((write) => write.adapterKey);
    if (await this.#writeInTransaction(adapterKeys)) return writes.map(() => false);
    // Expired items go through setMany too (the adapter removes the old value for an
    // expiry at or before now), so a key given twice keeps last-wins order.
    try {
      const results = await runtime.directStrategy.write(writes, false);
      return writes.map((write, index) => !write.expired && results[index] === true);
    } finally {
      runtime.invalidations.afterWrite(adapterKeys);
    }
  }

  /** Deletes entries by adapter key. @returns how many existed. */
  async delete(adapterKeys: readonly string[]): Promise<number> {
    const runtime = this.#runtime;
    runtime.transactions.current()?.add(adapterKeys, EMPTY, false);
    try {
      if (adapterKeys.length === 1)
        return (await runtime.directAdapter.delete(adapterKeys[0]!)) ? 1 : 0;
      return await runtime.directAdapter.deleteMany(adapterKeys);
    } finally {
      runtime.invalidations.afterWrite(adapterKeys);
    }
  }

  /** Inside a transaction: deletes the keys now and records them as pending. */
  async #writeInTransaction(adapterKeys: readonly string[]): Promise<boolean> {
    const runtime = this.#runtime;
    const transaction = runtime.transactions.current();
    if (transaction === undefined) return false;
    transaction.add(adapterKeys, EMPTY, false);
    try {
      await runtime.directAdapter.deleteMany(adapterKeys);
    } finally {
      runtime.invalidations.afterWrite(adapterKeys);
    }
    return true;
  }
}
