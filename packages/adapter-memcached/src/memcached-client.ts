import { ClosedError, InvalidKeyError, InvalidOptionsError } from '@pc/core';
import { DeadlineQueue } from './deadline-queue.js';
import { KetamaHashRing } from './ketama-hash-ring.js';
import { MemcachedCall } from './memcached-call.js';
import type { MemcachedCallOptions } from './memcached-client-options.js';
import {
  type MemcachedRequest,
  MutationRequest,
  RetrievalRequest,
  VersionRequest,
} from './memcached-request.js';
import { MemcachedServer } from './memcached-server.js';
import type { ResolvedMemcachedClientOptions } from './resolve-memcached-client-options.js';

/** memcached's key limit, in bytes. */
const MAX_KEY_BYTES = 250;
/** A key of printable ASCII, the common case, checked without counting UTF-8 bytes. */
const PRINTABLE_ASCII_KEY = /^[\x21-\x7e]{1,250}$/;
/** Bytes memcached's text protocol cannot carry in a key: whitespace and control characters. */
const UNSAFE_KEY_CHARACTER = /[\x00-\x20\x7f]/;
/** Lone surrogates have no UTF-8 form: memcached would echo back a different key. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNIQUE = /^\d{1,20}$/;

/** A value read with `gets`, and the cas unique to write it back with `cas`. */
export interface MemcachedCasValue {
  readonly value: Buffer;
  /** memcached's 64-bit cas unique, in decimal (it does not fit a JS number). */
  readonly unique: string;
}

/** Bytes this client moved and looked at, over every connection it had. */
export interface MemcachedClientCounters {
  /** Bytes written to sockets (commands and values). */
  readonly bytesSent: number;
  /** Bytes read from sockets. */
  readonly bytesReceived: number;
  /**
   * Bytes the reply parser examined. It stays close to `bytesReceived` whatever
   * the replies hold: parsing is linear in what arrives.
   */
  readonly bytesScanned: number;
}

/**
 * A small memcached client for the text protocol: one server or a ketama pool,
 * pipelined connections, a per-call deadline, typed errors (`TimeoutError`,
 * `BackendUnavailableError`, `ClosedError`, `InvalidKeyError`). Keys are sent
 * byte for byte, values are bytes (strings are written as UTF-8), flags are
 * written as 0 and ignored on read. Create it with `createMemcachedClient`.
 */
export class MemcachedClient {
  readonly #servers: readonly string[];
  readonly #byLocation = new Map<string, MemcachedServer>();
  readonly #ring: KetamaHashRing | undefined;
  readonly #timeoutMilliseconds: number;
  readonly #deadlines = new Map<number, DeadlineQueue>();
  /** Calls pending per abort signal given to them (one listener per signal). */
  readonly #scopes = new WeakMap<AbortSignal, Set<MemcachedCall>>();
  #lastSignal: AbortSignal | undefined;
  #lastScope: Set<MemcachedCall> | undefined;
  #closed = false;

  /** @internal Use `createMemcachedClient`, which validates the options. */
  constructor(options: ResolvedMemcachedClientOptions) {
    const servers = Array.isArray(options.servers) ? options.servers : Object.keys(options.servers);
    this.#servers = Object.freeze([...servers]);
    for (const location of servers) {
      this.#byLocation.set(location, new MemcachedServer(location, options));
    }
    this.#ring = servers.length > 1 ? new KetamaHashRing(options.servers) : undefined;
    this.#timeoutMilliseconds = options.timeoutMilliseconds;
  }

  /** Every server, as `host:port`, in the order given. */
  get servers(): readonly string[] {
    return this.#servers;
  }

  /** The server `key` lives on. */
  serverFor(key: string): string {
    return this.#ring === undefined ? this.#servers[0]! : this.#ring.get(key);
  }

  /**
   * `get k1 k2 ...`: one command per server involved, sent in parallel.
   * @returns the values found, by key; misses are absent.
   */
  get(keys: readonly string[], options?: MemcachedCallOptions): Promise<Map<string, Buffer>> {
    return this.#call<Map<string, Buffer>>('get', options, (call) => {
      const values = new Map<string, Buffer>();
      call.result = values;
      if (keys.length === 0) return;
      for (const key of keys) checkKey(key);
      if (this.#ring === undefined) {
        this.#send(call, this.#servers[0]!, keys, values);
        return;
      }
      const byServer = new Map<string, string[]>();
      for (const key of keys) {
        const server = this.#ring.get(key);
        const group = byServer.get(server);
        if (group === undefined) byServer.set(server, [key]);
        else group.push(key);
      }
      for (const [server, group] of byServer) this.#send(call, server, group, values);
    });
  }

  /**
   * `gets <key>`: the value with its cas unique, for a later `cas`.
   * @returns `undefined` when the key is absent.
   */
  gets(key: string, options?: MemcachedCallOptions): Promise<MemcachedCasValue | undefined> {
    return this.#call<MemcachedCasValue | undefined>('gets', options, (call) => {
      checkKey(key);
      const values = new Map<string, Buffer>();
      const uniques = new Map<string, string>();
      const server = this.serverFor(key);
      const request = new RetrievalRequest(call, server, [key], values, uniques);
      call.finishWith(() => {
        const value = values.get(key);
        return value === undefined ? undefined : { value, unique: uniques.get(key)! };
      });
      this.#dispatch(call, server, request, `gets ${key}\r\n`);
    });
  }

  /**
   * `set`: stores `value` under `key`. `exptime` is memcached's: seconds up to 30
   * days, a Unix time beyond, `0` for none, negative for expired at once.
   * @returns `true` (STORED). Rejects with `BackendUnavailableError` when the
   *   server refuses the item (`SERVER_ERROR`: out of memory, too large).
   */
  set(key: string, value: string | Buffer, exptime: number, options?: MemcachedCallOptions) {
    return this.#store('set', key, value, exptime, undefined, options);
  }

  /**
   * `add`: stores `value` only when `key` holds no item.
   * @returns whether it was stored (`false`: NOT_STORED). Rejects as `set`.
   */
  add(key: string, value: string | Buffer, exptime: number, options?: MemcachedCallOptions) {
    return this.#store('add', key, value, exptime, undefined, options);
  }

  /**
   * `cas`: stores `value` only when `key` still holds the item `gets` returned
   * `unique` for; atomic on the server.
   * @returns whether it was stored (`false`: EXISTS, changed since; NOT_FOUND,
   *   deleted, expired or evicted since). Rejects as `set`.
   */
  cas(
    key: string,
    value: string | Buffer,
    unique: string,
    exptime: number,
    options?: MemcachedCallOptions,
  ) {
    return this.#store('cas', key, value, exptime, unique, options);
  }

  /** `delete`. @returns whether the key held an item. */
  delete(key: string, options?: MemcachedCallOptions): Promise<boolean> {
    return this.#call<boolean>('delete', options, (call) => {
      checkKey(key);
      const server = this.serverFor(key);
      this.#dispatch(
        call,
        server,
        new MutationRequest(call, server, 'delete'),
        `delete ${key}\r\n`,
      );
    });
  }

  /** `version` of one server (a cheap liveness check). */
  version(server: string, options?: MemcachedCallOptions): Promise<string> {
    return this.#call<string>('version', options, (call) => {
      if (!this.#byLocation.has(server)) {
        throw new InvalidOptionsError(
          `[pc:memcached] ${server} is not one of this client's servers`,
        );
      }
      this.#dispatch(call, server, new VersionRequest(call, server), 'version\r\n');
    });
  }

  /** Bytes sent, received and parsed so far (see `MemcachedClientCounters`). */
  get counters(): MemcachedClientCounters {
    const total = { bytesSent: 0, bytesReceived: 0, bytesScanned: 0 };
    for (const server of this.#byLocation.values()) {
      const traffic = server.traffic;
      total.bytesSent += traffic.bytesSent;
      total.bytesReceived += traffic.bytesReceived;
      total.bytesScanned += traffic.bytesScanned;
    }
    return total;
  }

  /**
   * Closes every connection. Calls still running reject with `ClosedError`, and
   * so does every later call. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const server of this.#byLocation.values()) server.close();
    for (const queue of this.#deadlines.values()) queue.clear();
    this.#deadlines.clear();
  }

  #store(
    command: 'set' | 'add' | 'cas',
    key: string,
    value: string | Buffer,
    exptime: number,
    unique: string | undefined,
    options: MemcachedCallOptions | undefined,
  ): Promise<boolean> {
    return this.#call<boolean>(command, options, (call) => {
      checkKey(key);
      if (!Number.isSafeInteger(exptime)) {
        throw new InvalidOptionsError(`[pc:memcached] exptime must be an integer (got ${exptime})`);
      }
      if (unique !== undefined && !UNIQUE.test(unique)) {
        throw new InvalidOptionsError(
          `[pc:memcached] a cas unique is a decimal integer (got ${unique})`,
        );
      }
      const server = this.serverFor(key);
      const request = new MutationRequest(call, server, 'storage');
      const tail = unique === undefined ? '' : ` ${unique}`;
      if (typeof value === 'string') {
        const bytes = Buffer.byteLength(value);
        this.#dispatch(
          call,
          server,
          request,
          `${command} ${key} 0 ${exptime} ${bytes}${tail}\r\n${value}\r\n`,
        );
      } else {
        this.#dispatch(
          call,
          server,
          request,
          `${command} ${key} 0 ${exptime} ${value.length}${tail}\r\n`,
          value,
        );
      }
    });
  }

  #send(
    call: MemcachedCall,
    server: string,
    keys: readonly string[],
    values: Map<string, Buffer>,
  ): void {
    this.#dispatch(
      call,
      server,
      new RetrievalRequest(call, server, keys, values),
      `get ${keys.join(' ')}\r\n`,
    );
  }

  #dispatch(
    call: MemcachedCall,
    server: string,
    request: MemcachedRequest,
    command: string,
    data?: Buffer,
  ): void {
    call.servers.push(server);
    call.outstanding++;
    this.#byLocation.get(server)!.send(request, command, data);
  }

  /**
   * Runs `start` inside a new call: it validates, then sends the call's requests.
   * A throw rejects the call before anything is sent.
   */
  #call<T>(
    command: string,
    options: MemcachedCallOptions | undefined,
    start: (call: MemcachedCall<T>) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#closed) {
        reject(new ClosedError('[pc:memcached] the client is closed'));
        return;
      }
      const signal = options?.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timeout = options?.timeoutMilliseconds ?? this.#timeoutMilliseconds;
      const call = new MemcachedCall<T>(
        command,
        options?.operation ?? command,
        timeout,
        resolve,
        reject,
      );
      try {
        start(call);
      } catch (error) {
        if (!call.done) {
          call.done = true;
          // Requests already sent for other keys keep the connection in step;
          // their replies are dropped.
          reject(error instanceof Error ? error : new Error(String(error)));
        }
        return;
      }
      if (call.done) return;
      if (call.outstanding === 0) {
        call.done = true;
        resolve(call.result as T);
        return;
      }
      const queue = this.#deadlineQueue(timeout);
      queue.add(call);
      let scope: Set<MemcachedCall> | undefined;
      if (signal !== undefined) scope = this.#scope(signal);
      scope?.add(call);
      call.onSettled = (settled) => {
        scope?.delete(settled);
        queue.settled();
      };
    });
  }

  #deadlineQueue(timeoutMilliseconds: number): DeadlineQueue {
    let queue = this.#deadlines.get(timeoutMilliseconds);
    if (queue === undefined) {
      queue = new DeadlineQueue((call) => {
        call.expire();
        for (const server of new Set(call.servers)) {
          this.#byLocation.get(server)?.closeSilentConnections();
        }
      });
      this.#deadlines.set(timeoutMilliseconds, queue);
    }
    return queue;
  }

  #scope(signal: AbortSignal): Set<MemcachedCall> {
    // An adapter passes the same signal with every call.
    if (signal === this.#lastSignal) return this.#lastScope!;
    let scope = this.#scopes.get(signal);
    if (scope === undefined) {
      const calls = new Set<MemcachedCall>();
      scope = calls;
      this.#scopes.set(signal, calls);
      signal.addEventListener(
        'abort',
        () => {
          const reason: unknown = signal.reason;
          const error = reason instanceof Error ? reason : new Error(String(reason));
          for (const call of [...calls]) call.fail(error);
        },
        { once: true },
      );
    }
    this.#lastSignal = signal;
    this.#lastScope = scope;
    return scope;
  }
}

/**
 * Keys go on the wire byte for byte, so one that memcached would split or
 * truncate is refused before anything is sent.
 * @throws `InvalidKeyError`
 */
function checkKey(key: string): void {
  if (typeof key === 'string' && PRINTABLE_ASCII_KEY.test(key)) return;
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    UNSAFE_KEY_CHARACTER.test(key) ||
    LONE_SURROGATE.test(key) ||
    Buffer.byteLength(key) > MAX_KEY_BYTES
  ) {
    throw new InvalidKeyError(
      `[pc:memcached] ${JSON.stringify(key)} is no memcached key: 1 to ${MAX_KEY_BYTES} bytes of UTF-8 without whitespace or control characters`,
    );
  }
}
