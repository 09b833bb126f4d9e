import { InvalidOptionsError } from '@pc/core';
import type Memcached from 'memcached';
import {
  MEMCACHED_ADAPTER_DEFAULTS,
  type MemcachedAdapterOptions,
} from './memcached-adapter-options.js';

/** `MemcachedAdapterOptions` validated, with defaults applied and servers normalized. */
export interface ResolvedMemcachedAdapterOptions {
  /** `host:port` locations, or weights by `host:port`. */
  readonly servers: string[] | Record<string, number>;
  readonly client: Memcached | undefined;
  readonly namespace: string;
  readonly keyPrefix: string;
  readonly timeoutMilliseconds: number;
  readonly retryDelayMilliseconds: number;
  readonly itemSizeBytes: number;
  readonly poolSize: number;
  readonly idleMilliseconds: number;
}

const KNOWN_OPTIONS = new Set(Object.keys(MEMCACHED_ADAPTER_DEFAULTS));
const KEY_PART = /^[A-Za-z0-9_.-]{1,64}$/;
const LOCATION = /^[^\s/]+:\d{1,5}$/;
/** Largest delay Node timers take (2^31 - 1 ms); also far above any sane item size. */
const MAXIMUM_INTEGER = 2_147_483_647;
/** Below this, even an empty payload would not fit next to a long key. */
const MINIMUM_ITEM_SIZE_BYTES = 1024;

/**
 * Validates options eagerly, so a typo fails at start-up rather than on the first
 * operation.
 * @throws `InvalidOptionsError` naming the offending option.
 */
export function resolveMemcachedAdapterOptions(
  options: MemcachedAdapterOptions,
): ResolvedMemcachedAdapterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('[pc:memcached] options must be an object');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionsError(`[pc:memcached] unknown option "${name}"`);
    }
  }
  const client = options.client;
  if (client !== undefined && (typeof client !== 'object' || client === null)) {
    throw new InvalidOptionsError(
      '[pc:memcached] set "client" to a memcached client or leave it out',
    );
  }
  return {
    servers: resolveServers(options.servers ?? MEMCACHED_ADAPTER_DEFAULTS.servers),
    client,
    namespace: keyPart(options, 'namespace'),
    keyPrefix: keyPart(options, 'keyPrefix'),
    timeoutMilliseconds: integer(options, 'timeoutMilliseconds', 1),
    retryDelayMilliseconds: integer(options, 'retryDelayMilliseconds', 0),
    itemSizeBytes: integer(options, 'itemSizeBytes', MINIMUM_ITEM_SIZE_BYTES),
    poolSize: integer(options, 'poolSize', 1),
    idleMilliseconds: integer(options, 'idleMilliseconds', 1),
  };
}

function resolveServers(
  servers: NonNullable<MemcachedAdapterOptions['servers']>,
): string[] | Record<string, number> {
  const invalid = (detail: string) =>
    new InvalidOptionsError(
      `[pc:memcached] set "servers" to "host:port", an array of them, or { "host:port": weight } (${detail})`,
    );
  if (typeof servers === 'string') return [location(servers, invalid)];
  if (Array.isArray(servers)) {
    if (servers.length === 0) throw invalid('got an empty array');
    const locations = servers.map((server: unknown) => location(server, invalid));
    if (new Set(locations).size !== locations.length) throw invalid('a server is listed twice');
    return locations;
  }
  if (typeof servers === 'object' && servers !== null) {
    const entries = Object.entries(servers);
    if (entries.length === 0) throw invalid('got an empty object');
    const weights: Record<string, number> = {};
    for (const [server, weight] of entries) {
      if (typeof weight !== 'number' || !Number.isSafeInteger(weight) || weight < 1) {
        throw invalid(`weight of "${server}" must be an integer >= 1`);
      }
      weights[location(server, invalid)] = weight;
    }
    return weights;
  }
  throw invalid(`got ${typeof servers}`);
}

function location(server: unknown, invalid: (detail: string) => InvalidOptionsError): string {
  // The client keys its failure bookkeeping by "host:port" but routes by the
  // string as given, so a location without a port would never be marked down.
  if (typeof server !== 'string' || !LOCATION.test(server)) {
    throw invalid(`got ${JSON.stringify(server)}; a port is required`);
  }
  return server;
}

function keyPart(options: MemcachedAdapterOptions, name: 'namespace' | 'keyPrefix'): string {
  const value: unknown = options[name] ?? MEMCACHED_ADAPTER_DEFAULTS[name];
  if (typeof value !== 'string' || !KEY_PART.test(value)) {
    throw new InvalidOptionsError(
      `[pc:memcached] set "${name}" to 1 to 64 characters of [A-Za-z0-9_.-] (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

type IntegerOption =
  | 'timeoutMilliseconds'
  | 'retryDelayMilliseconds'
  | 'itemSizeBytes'
  | 'poolSize'
  | 'idleMilliseconds';

function integer(options: MemcachedAdapterOptions, name: IntegerOption, minimum: number): number {
  const value: unknown = options[name] ?? MEMCACHED_ADAPTER_DEFAULTS[name];
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < minimum ||
    value > MAXIMUM_INTEGER
  ) {
    throw new InvalidOptionsError(
      `[pc:memcached] set "${name}" to an integer from ${minimum} to ${MAXIMUM_INTEGER} (got ${String(value)})`,
    );
  }
  return value;
}
