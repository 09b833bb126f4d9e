import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  type CacheAdapter,
  ClosedError,
  type CompareAndSetItem,
  InvalidOptionsError,
  SerializationError,
  ValueTooLargeError,
  validateEntry,
} from '@pc/core';
import type { MemcachedAdapterOptions } from './memcached-adapter-options.js';
import { type MemcachedCasValue, MemcachedClient } from './memcached-client.js';
import type { MemcachedCallOptions } from './memcached-client-options.js';
import {
  type DecodedEntry,
  decodeEntry,
  ENTRY_HEADER_MAX_BYTES,
  encodeEntryBody,
  fromStoredValue,
  GENERATION_LENGTH,
  isGeneration,
  newGeneration,
  storedValueBytes,
  toStoredValue,
} from './memcached-entry-codec.js';
import { toMemcachedExptime } from './memcached-expiry.js';
import { MEMCACHED_MAX_KEY_BYTES, MemcachedKeyEncoding } from './memcached-key-encoding.js';
import { resolveMemcachedAdapterOptions } from './resolve-memcached-adapter-options.js';

/**
 * What memcached adds to key and value when it sizes an item, in bytes.
 * Measured 59 on memcached 1.6 (48-byte item header, 8-byte CAS, key terminator,
 * CRLF after the data); 1.4 also stores an ASCII suffix of about 12 bytes. 80
 * covers both, so a payload that passes the check is never refused by the server
 * for its size (it would answer SERVER_ERROR, and the write would reject).
 */
export const MEMCACHED_ITEM_OVERHEAD_BYTES = 80;

/** Generation records tried per server before giving up on finding one that routes to it. */
const GENERATION_SEARCH_LIMIT = 10_000;

/**
 * Rounds of `add`, `gets` and `cas` one add-style `compareAndSet` item may take
 * when the key keeps changing between them (each round means another client
 * wrote or removed the key in between).
 */
const ADD_ATTEMPTS = 8;

/** An exptime memcached reads as "expired at once": a `cas` with it is a conditional delete. */
const EXPIRED_EXPTIME = -1;

/** The operations that talk to memcached, as error messages name them. */
const ADAPTER_OPERATIONS = [
  'get',
  'getMany',
  'set',
  'setMany',
  'compareAndSet',
  'delete',
  'deleteMany',
  'clear',
] as const;
type AdapterOperation = (typeof ADAPTER_OPERATIONS)[number];

/** One write, validated and encoded, waiting for its server's generation. */
interface PreparedWrite {
  readonly key: string;
  readonly server: string;
  readonly body: string;
  /** `undefined` when the entry is already expired (the key is deleted instead). */
  readonly exptime: number | undefined;
}

/** What one multi-get returned, and how to read a valid entry out of it. */
interface Snapshot {
  readonly values: ReadonlyMap<string, Buffer>;
  entry(key: string): AdapterEntry | undefined;
}

/**
 * Creates a Memcached adapter: one server or a consistent-hashing pool, on the
 * package's own text-protocol client (`createMemcachedClient`). See
 * `MemcachedAdapterOptions` and the README for the key encoding, size limits,
 * expiry and the namespace generation behind `clear()`.
 * @throws `InvalidOptionsError` naming the offending option.
 */
export function createMemcachedAdapter(options: MemcachedAdapterOptions = {}): CacheAdapter {
  return new MemcachedAdapter(options);
}

class MemcachedAdapter implements CacheAdapter {
  readonly contractVersion = ADAPTER_CONTRACT_VERSION;
  readonly name = 'memcached';
  readonly namespace: string;
  readonly capabilities: AdapterCapabilities;

  readonly #keys: MemcachedKeyEncoding;
  readonly #client: MemcachedClient;
  /** Whether `dispose()` closes the client (it created it). */
  readonly #ownsClient: boolean;
  /** Aborted by `dispose()`: rejects this adapter's calls still running with `ClosedError`. */
  readonly #disposal = new AbortController();
  /**
   * Call options per adapter operation: this adapter's deadline, its disposal,
   * and the operation that errors name (a `set` that fails reading a generation
   * record says `set`, not `get`). Built once: no allocation per call.
   */
  readonly #calls: Readonly<Record<AdapterOperation, MemcachedCallOptions>>;
  readonly #itemSizeBytes: number;
  readonly #generationKeys = new Map<string, string>();
  #closed = false;

  constructor(options: MemcachedAdapterOptions) {
    const resolved = resolveMemcachedAdapterOptions(options);
    this.namespace = resolved.namespace;
    this.#keys = new MemcachedKeyEncoding(resolved.keyPrefix, resolved.namespace);
    this.#itemSizeBytes = resolved.itemSizeBytes;
    this.#ownsClient = resolved.client === undefined;
    this.#client = resolved.client ?? new MemcachedClient(resolved);
    const callOptions = (operation: AdapterOperation): MemcachedCallOptions =>
      Object.freeze({
        timeoutMilliseconds: resolved.timeoutMilliseconds,
        signal: this.#disposal.signal,
        operation,
      });
    this.#calls = Object.freeze(
      Object.fromEntries(
        ADAPTER_OPERATIONS.map((operation) => [operation, callOptions(operation)]),
      ),
    ) as Record<AdapterOperation, MemcachedCallOptions>;
    this.capabilities = Object.freeze({
      ttlPrecisionMilliseconds: 1000,
      maxKeyBytes: MEMCACHED_MAX_KEY_BYTES,
      maxValueBytes:
        resolved.itemSizeBytes -
        MEMCACHED_ITEM_OVERHEAD_BYTES -
        MEMCACHED_MAX_KEY_BYTES -
        ENTRY_HEADER_MAX_BYTES,
      nativeTags: false,
      prune: false,
      enumerateKeys: false,
      persistent: false,
      sharedAcrossInstances: true,
      evicts: true,
      compareAndSet: true,
    });
    for (const server of this.#client.servers) this.#generationKey(server);
  }

  async get(key: string): Promise<AdapterEntry | undefined> {
    this.#assertOpen();
    const encoded = this.#keys.encode(key);
    const client = this.#client;
    // `#read` for one key, without its bookkeeping: this is the hottest path.
    const generationKey = this.#generationKey(client.serverFor(encoded));
    const values = await client.get([generationKey, encoded], this.#calls.get);
    const stored = values.get(encoded);
    if (stored === undefined) return undefined;
    const generation = readGeneration(values.get(generationKey));
    if (generation === undefined) return undefined;
    return liveEntry(decodeEntry(fromStoredValue(stored)), generation, Date.now());
  }

  async getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
    this.#assertOpen();
    if (keys.length === 0) return [];
    const encoded = keys.map((key) => this.#keys.encode(key));
    const snapshot = await this.#read([...new Set(encoded)], this.#calls.getMany);
    return encoded.map((key) => snapshot.entry(key));
  }

  async set(key: string, entry: AdapterEntry): Promise<boolean> {
    this.#assertOpen();
    const write = this.#prepare(this.#keys.encode(key), entry, Date.now());
    const [stored] = await this.#write([write], this.#calls.set);
    return stored!;
  }

  async setMany(
    entries: ReadonlyArray<readonly [key: string, entry: AdapterEntry]>,
  ): Promise<boolean[]> {
    this.#assertOpen();
    const now = Date.now();
    const writes = entries.map(([key, entry]) => this.#prepare(this.#keys.encode(key), entry, now));
    // The last write of a key wins; earlier ones report what `set` would have.
    const last = new Map<string, number>();
    for (const [index, write] of writes.entries()) last.set(write.key, index);
    const results = writes.map((write) => write.exptime !== undefined);
    const executed = [...last.values()];
    const stored = await this.#write(
      executed.map((index) => writes[index]!),
      this.#calls.setMany,
    );
    for (const [position, index] of executed.entries()) results[index] = stored[position]!;
    return results;
  }

  /**
   * Each item runs on memcached's own atomic primitives (memcached has no
   * multi-key cas, so items run concurrently, those of one key in input order):
   * - `expected === undefined`: `add`. When the key holds an item that is no
   *   live entry (foreign or corrupt bytes, an `expiresAt` in the past, an older
   *   generation), `add` refuses but the key counts as absent: `gets` and a
   *   `cas` with that unique replace exactly that item.
   * - `expected` a string: `gets`, compare the live payload, `cas`. A key
   *   written, deleted, evicted or expired after the `gets` fails the `cas`.
   * Entries are stamped with, and compared against, the generation of the key's
   * server, read fresh by this call.
   */
  async compareAndSet(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]> {
    this.#assertOpen();
    if (items.length === 0) return [];
    const now = Date.now();
    const prepared = items.map(([key, expected, entry]) => {
      if (expected !== undefined && typeof expected !== 'string') {
        throw new SerializationError(
          `[pc:memcached] compareAndSet needs a string or undefined "expected" payload (got ${typeof expected})`,
        );
      }
      return { expected, write: this.#prepare(this.#keys.encode(key), entry, now) };
    });
    const results = prepared.map(() => false);
    const byKey = new Map<string, number[]>();
    for (const [index, { write }] of prepared.entries()) {
      const indexes = byKey.get(write.key);
      if (indexes === undefined) byKey.set(write.key, [index]);
      else indexes.push(index);
    }
    // An expired entry under an add has nothing to do: the condition "no live
    // entry" leaves nothing to remove. Everything else needs the generation.
    const servers = new Set(
      prepared
        .filter(({ expected, write }) => expected !== undefined || write.exptime !== undefined)
        .map(({ write }) => write.server),
    );
    const call = this.#calls.compareAndSet;
    const generationsRead = this.#generations(servers, call);
    await Promise.all(
      [...byKey.values()].map(async (indexes) => {
        // A replace that comes first for its key sends its `gets` along with the
        // generation read: one round trip less on a fill. Comparing against a
        // generation read a moment before or after the `gets` is safe: an entry
        // of another generation is refused, and an entry stamped with a generation
        // a concurrent clear() has just replaced is invisible anyway.
        const first = prepared[indexes[0]!]!;
        const [generations, prefetched] = await Promise.all([
          generationsRead,
          first.expected === undefined ? undefined : this.#gets(first.write.key, call),
        ]);
        for (const index of indexes) {
          const { expected, write } = prepared[index]!;
          const generation = generations.get(write.server)!;
          results[index] =
            expected === undefined
              ? await this.#addIfAbsent(write, generations, call)
              : await this.#replaceIfCurrent(
                  write,
                  expected,
                  generation,
                  index === indexes[0] ? prefetched : await this.#gets(write.key, call),
                  call,
                );
        }
      }),
    );
    return results;
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    return (await this.#delete([this.#keys.encode(key)], this.#calls.delete)) === 1;
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    if (keys.length === 0) return 0;
    const encoded = keys.map((key) => this.#keys.encode(key));
    return this.#delete([...new Set(encoded)], this.#calls.deleteMany);
  }

  /**
   * Writes a new random generation on every server. Entries written under an
   * older one read as misses from then on and age out of memcached's LRU.
   */
  async clear(): Promise<void> {
    this.#assertOpen();
    await Promise.all(
      this.#client.servers.map((server) =>
        this.#client.set(this.#generationKey(server), newGeneration(), 0, this.#calls.clear),
      ),
    );
  }

  async dispose(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#disposal.abort(
      new ClosedError('[pc:memcached] the adapter was disposed while the operation ran'),
    );
    if (this.#ownsClient) this.#client.close();
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new ClosedError(`[pc:memcached] adapter of namespace "${this.namespace}" is disposed`);
    }
  }

  /**
   * The generation record of a server: the first of `<prefix>!g0`, `!g1`, ... that
   * the hash ring places on that server. Every process with the same server list
   * finds the same keys, and an entry is always checked against the generation on
   * its own server, so a dead server takes only its own keys down.
   */
  #generationKey(server: string): string {
    const known = this.#generationKeys.get(server);
    if (known !== undefined) return known;
    for (let index = 0; index < GENERATION_SEARCH_LIMIT; index++) {
      const candidate = this.#keys.generationKey(index);
      const owner = this.#client.serverFor(candidate);
      if (!this.#generationKeys.has(owner)) this.#generationKeys.set(owner, candidate);
      if (owner === server) return candidate;
    }
    throw new InvalidOptionsError(
      `[pc:memcached] no key of ${GENERATION_SEARCH_LIMIT} routes to ${server}; raise its weight in "servers"`,
    );
  }

  /** Reads keys and the generations of their servers in one multi-get. */
  async #read(keys: readonly string[], call: MemcachedCallOptions): Promise<Snapshot> {
    const client = this.#client;
    let generationOf: (key: string) => string;
    let generationKeys: string[];
    if (client.servers.length === 1) {
      const only = this.#generationKey(client.servers[0]!);
      generationOf = () => only;
      generationKeys = [only];
    } else {
      const byKey = new Map<string, string>();
      for (const key of keys) byKey.set(key, this.#generationKey(client.serverFor(key)));
      generationOf = (key) => byKey.get(key)!;
      generationKeys = [...new Set(byKey.values())];
    }
    const values = await client.get([...generationKeys, ...keys], call);
    const now = Date.now();
    const generations = new Map(
      generationKeys.map((key) => [key, readGeneration(values.get(key))] as const),
    );
    return {
      values,
      entry: (key) => {
        const generation = generations.get(generationOf(key));
        // No generation record (never written, or evicted): nothing can be proven
        // current, so everything on that server reads as a miss.
        if (generation === undefined) return undefined;
        const stored = values.get(key);
        if (stored === undefined) return undefined;
        return liveEntry(decodeEntry(fromStoredValue(stored)), generation, now);
      },
    };
  }

  /** Validates and encodes one write; throws before any I/O. */
  #prepare(key: string, entry: AdapterEntry, now: number): PreparedWrite {
    const expiresAt = validateEntry('memcached', key, entry);
    const payloadBytes = Buffer.byteLength(entry.payload, 'utf8');
    if (payloadBytes > this.capabilities.maxValueBytes) {
      throw new ValueTooLargeError(
        `[pc:memcached] payload of ${payloadBytes} bytes exceeds maxValueBytes (${this.capabilities.maxValueBytes}); raise "itemSizeBytes" with the servers' -I`,
      );
    }
    const body = encodeEntryBody({ payload: entry.payload, expiresAt });
    const itemBytes =
      key.length + GENERATION_LENGTH + storedValueBytes(body) + MEMCACHED_ITEM_OVERHEAD_BYTES;
    if (itemBytes > this.#itemSizeBytes) {
      throw new ValueTooLargeError(
        `[pc:memcached] payload of ${payloadBytes} bytes needs an item of ${itemBytes} bytes (CR and LF take two bytes each on the wire, lone surrogates are escaped), over "itemSizeBytes" (${this.#itemSizeBytes})`,
      );
    }
    return {
      key,
      server: this.#client.serverFor(key),
      body,
      exptime: toMemcachedExptime(expiresAt, now),
    };
  }

  async #write(writes: readonly PreparedWrite[], call: MemcachedCallOptions): Promise<boolean[]> {
    const servers = new Set(
      writes.filter((write) => write.exptime !== undefined).map((write) => write.server),
    );
    const generations = await this.#generations(servers, call);
    return Promise.all(
      writes.map(async (write) => {
        if (write.exptime === undefined) {
          await this.#client.delete(write.key, call);
          return false;
        }
        const generation = generations.get(write.server)!;
        // Resolves true (STORED) or rejects (SERVER_ERROR: out of memory).
        return this.#client.set(
          write.key,
          toStoredValue(generation + write.body),
          write.exptime,
          call,
        );
      }),
    );
  }

  /**
   * The current generation of each server, read fresh on every write (a cached
   * one could be older than another process's `clear()`; entries stamped with it
   * would then be lost). A missing record is created with `add`, so concurrent
   * writers agree on one.
   */
  async #generations(
    servers: ReadonlySet<string>,
    call: MemcachedCallOptions,
  ): Promise<Map<string, string>> {
    const generations = new Map<string, string>();
    if (servers.size === 0) return generations;
    const keys = [...servers].map((server) => this.#generationKey(server));
    const values = await this.#client.get(keys, call);
    await Promise.all(
      [...servers].map(async (server, index) => {
        const key = keys[index]!;
        let generation = readGeneration(values.get(key));
        if (generation === undefined) {
          const created = newGeneration();
          if (await this.#client.add(key, created, 0, call)) {
            generation = created;
          } else {
            generation = readGeneration((await this.#client.get([key], call)).get(key));
            if (generation === undefined) {
              // Unreadable record: replacing it is a clear of this server's share.
              generation = created;
              await this.#client.set(key, created, 0, call);
            }
          }
        }
        generations.set(server, generation);
      }),
    );
    return generations;
  }

  /**
   * Stores `write` when its key holds no live entry. `generations` is shared by
   * the items of one call and updated when a fresher generation is read.
   */
  async #addIfAbsent(
    write: PreparedWrite,
    generations: Map<string, string>,
    call: MemcachedCallOptions,
  ): Promise<boolean> {
    if (write.exptime === undefined) return false;
    let generation = generations.get(write.server)!;
    for (let attempt = 0; attempt < ADD_ATTEMPTS; attempt++) {
      const stored = toStoredValue(generation + write.body);
      if (await this.#client.add(write.key, stored, write.exptime, call)) return true;
      const current = await this.#gets(write.key, call);
      // Gone between the add and the gets (deleted, expired, evicted): add again.
      if (current === undefined) continue;
      const decoded = decodeEntry(fromStoredValue(current.value));
      if (decoded !== undefined && decoded.generation !== generation) {
        // Either an entry from before a clear(), or one stamped by a clear() that
        // ran after our generation was read. Judge it against a generation read
        // after the gets, so a live entry of a newer generation is never replaced.
        generation = (await this.#generations(new Set([write.server]), call)).get(write.server)!;
        generations.set(write.server, generation);
      }
      if (liveEntry(decoded, generation, Date.now()) !== undefined) return false;
      if (
        await this.#client.cas(
          write.key,
          toStoredValue(generation + write.body),
          current.unique,
          write.exptime,
          call,
        )
      ) {
        return true;
      }
      // The item changed after the gets: look again.
    }
    // The key changed under every round: another client keeps writing it.
    // Nothing was stored, which is what a lease needs to see.
    return false;
  }

  /** Stores `write` when `current`, the key's item as `gets` returned it, holds `expected`. */
  async #replaceIfCurrent(
    write: PreparedWrite,
    expected: string,
    generation: string,
    current: MemcachedCasValue | undefined,
    call: MemcachedCallOptions,
  ): Promise<boolean> {
    if (current === undefined) return false;
    const entry = liveEntry(decodeEntry(fromStoredValue(current.value)), generation, Date.now());
    if (entry === undefined || entry.payload !== expected) return false;
    if (write.exptime === undefined) {
      // An already expired entry removes the matched one, under the same cas.
      await this.#client.cas(write.key, '', current.unique, EXPIRED_EXPTIME, call);
      return false;
    }
    return this.#client.cas(
      write.key,
      toStoredValue(generation + write.body),
      current.unique,
      write.exptime,
      call,
    );
  }

  #gets(key: string, call: MemcachedCallOptions): Promise<MemcachedCasValue | undefined> {
    return this.#client.gets(key, call);
  }

  /**
   * Deletes keys that exist on the server; counts those that held a current entry
   * (a cleared or expired one still sits in memcached but was already a miss).
   */
  async #delete(keys: readonly string[], call: MemcachedCallOptions): Promise<number> {
    const snapshot = await this.#read(keys, call);
    const results = await Promise.all(
      keys
        .filter((key) => snapshot.values.has(key))
        .map(async (key) => {
          const current = snapshot.entry(key) !== undefined;
          const deleted = await this.#client.delete(key, call);
          return current && deleted;
        }),
    );
    return results.filter(Boolean).length;
  }
}

/** The generation a record's bytes hold, or `undefined` when absent or unreadable. */
function readGeneration(stored: Buffer | undefined): string | undefined {
  if (stored === undefined || stored.length !== GENERATION_LENGTH) return undefined;
  const generation = stored.toString('latin1');
  return isGeneration(generation) ? generation : undefined;
}

/**
 * The entry a decoded item holds when it is live: stamped with `generation`
 * and not expired by its own `expiresAt` (memcached's exptime runs up to two
 * seconds later).
 */
function liveEntry(
  decoded: DecodedEntry | undefined,
  generation: string,
  now: number,
): AdapterEntry | undefined {
  if (decoded === undefined || decoded.generation !== generation) return undefined;
  const { expiresAt } = decoded.entry;
  if (expiresAt !== undefined && expiresAt <= now) return undefined;
  return decoded.entry;
}
