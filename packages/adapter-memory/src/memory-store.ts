import { checkOptionNames, InvalidOptionsError } from '@pc/core';
import { LRUCache } from 'lru-cache';
import { MEMORY_STORE_DEFAULTS, type MemoryStoreOptions } from './memory-store-options.js';

/** One stored entry. Expiry is checked against `Date.now()` by the adapter, not by lru-cache. */
export interface MemoryStoreEntry {
  readonly namespace: string;
  readonly key: string;
  readonly payload: string;
  readonly expiresAt: number | undefined;
  /** Bytes counted against `maxBytes`. */
  readonly size: number;
}

/**
 * An LRU with item and byte caps that one or several memory adapters share.
 * Keys of each namespace are indexed so `clear` and `keys` of one namespace
 * never walk (or touch) the others.
 */
export class MemoryStore {
  /** Most entries held. */
  readonly maxItems: number;
  /** Most bytes held (UTF-8 bytes of namespace + key + payload). */
  readonly maxBytes: number;
  readonly #lru: LRUCache<string, MemoryStoreEntry>;
  readonly #byNamespace = new Map<string, Set<string>>();

  constructor(options: MemoryStoreOptions = {}) {
    this.maxItems = positiveInteger(options.maxItems, 'maxItems', MEMORY_STORE_DEFAULTS.maxItems);
    this.maxBytes = positiveInteger(options.maxBytes, 'maxBytes', MEMORY_STORE_DEFAULTS.maxBytes);
    this.#lru = new LRUCache<string, MemoryStoreEntry>({
      max: this.maxItems,
      maxSize: this.maxBytes,
      sizeCalculation: (entry) => entry.size,
      dispose: (entry, storeKey, reason) => {
        // 'set' replaces the value of a key that stays; every other reason removes it.
        if (reason !== 'set') this.#byNamespace.get(entry.namespace)?.delete(storeKey);
      },
    });
  }

  /** Entries currently held, all namespaces together. */
  get size(): number {
    return this.#lru.size;
  }

  /** Bytes currently held, all namespaces together. */
  get bytes(): number {
    return this.#lru.calculatedSize;
  }

  /** @internal */
  read(storeKey: string): MemoryStoreEntry | undefined {
    return this.#lru.get(storeKey);
  }

  /** @internal Reads without refreshing recency. */
  peek(storeKey: string): MemoryStoreEntry | undefined {
    return this.#lru.peek(storeKey);
  }

  /** @internal */
  write(storeKey: string, entry: MemoryStoreEntry): void {
    let keys = this.#byNamespace.get(entry.namespace);
    if (keys === undefined) {
      keys = new Set();
      this.#byNamespace.set(entry.namespace, keys);
    }
    keys.add(storeKey);
    this.#lru.set(storeKey, entry);
  }

  /** @internal */
  remove(storeKey: string): boolean {
    return this.#lru.delete(storeKey);
  }

  /** @internal Store keys of one namespace, as a snapshot safe to mutate the store while iterating. */
  keysOf(namespace: string): string[] {
    return [...(this.#byNamespace.get(namespace) ?? [])];
  }

  /** Drops every entry of every namespace. */
  clear(): void {
    this.#lru.clear();
    this.#byNamespace.clear();
  }
}

/** Creates a store to share between memory adapters (`MemoryAdapterOptions.store`). */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  checkOptionNames('memory', options, ['maxItems', 'maxBytes']);
  return new MemoryStore(options);
}

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionsError(
      `[pc:memory] "${name}" must be a positive integer, got ${String(value)}: set "${name}"`,
    );
  }
  return value;
}
