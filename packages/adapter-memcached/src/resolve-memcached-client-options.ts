import { checkOptionNames, InvalidOptionsError, toMilliseconds } from '@pc/core';
import {
  MEMCACHED_CLIENT_DEFAULTS,
  type MemcachedClientOptions,
} from './memcached-client-options.js';

/** `MemcachedClientOptions` validated, with defaults applied and servers normalized. */
export interface ResolvedMemcachedClientOptions {
  /** `host:port` locations, or weights by `host:port`. */
  readonly servers: string[] | Record<string, number>;
  readonly timeoutMilliseconds: number;
  readonly retryDelayMilliseconds: number;
  readonly poolSize: number;
  readonly idleMilliseconds: number;
}

const KNOWN_OPTIONS = Object.keys(MEMCACHED_CLIENT_DEFAULTS);
const LOCATION = /^[^\s/]+:\d{1,5}$/;
const MEMCACHED_URL = /^memcached:\/\//i;
/** Largest delay Node timers take (2^31 - 1 ms); also far above any sane item size. */
export const MAXIMUM_INTEGER = 2_147_483_647;

/**
 * Validates options eagerly, so a typo fails at start-up rather than on the first call.
 * @throws `InvalidOptionsError` naming the offending option.
 */
export function resolveMemcachedClientOptions(
  options: MemcachedClientOptions,
): ResolvedMemcachedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('[pc:memcached] client options must be an object');
  }
  checkOptionNames('memcached', options, KNOWN_OPTIONS);
  return {
    servers: resolveServers(options.servers ?? MEMCACHED_CLIENT_DEFAULTS.servers),
    timeoutMilliseconds: integerOption(
      options,
      'timeoutMilliseconds',
      1,
      MEMCACHED_CLIENT_DEFAULTS,
    ),
    retryDelayMilliseconds: integerOption(
      options,
      'retryDelayMilliseconds',
      0,
      MEMCACHED_CLIENT_DEFAULTS,
    ),
    poolSize: integerOption(options, 'poolSize', 1, MEMCACHED_CLIENT_DEFAULTS),
    idleMilliseconds: integerOption(options, 'idleMilliseconds', 1, MEMCACHED_CLIENT_DEFAULTS),
  };
}

/** Normalizes `servers` to an array of locations or a record of weights. */
export function resolveServers(
  servers: NonNullable<MemcachedClientOptions['servers']>,
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
  if (typeof server === 'string' && MEMCACHED_URL.test(server)) return fromUrl(server, invalid);
  // The hash ring hashes the string as given, so "host" and "host:11211" would
  // route differently between processes: the port is required.
  if (typeof server !== 'string' || !LOCATION.test(server)) {
    throw invalid(`got ${JSON.stringify(server)}; a port is required`);
  }
  return server;
}

/**
 * `memcached://host:port` (as in a `PC_CACHE_URL`) as the `host:port` the hash
 * ring knows, so a URL and its `host:port` place keys alike.
 */
function fromUrl(server: string, invalid: (detail: string) => InvalidOptionsError): string {
  const malformed = () =>
    invalid(
      `got ${JSON.stringify(server)}; a URL must be memcached://host:port, with a port and nothing after it`,
    );
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw malformed();
  }
  const rest = url.username + url.password + url.search + url.hash;
  if (url.hostname === '' || url.port === '' || rest !== '' || !['', '/'].includes(url.pathname)) {
    throw malformed();
  }
  return `${url.hostname}:${url.port}`;
}

/**
 * An integer option from `minimum` to 2^31 - 1, or its default. Options named
 * `...Milliseconds` also take a duration string (`'500ms'`, `'5s'`).
 */
export function integerOption<Name extends string>(
  options: Partial<Record<Name, unknown>>,
  name: Name,
  minimum: number,
  defaults: Readonly<Record<Name, unknown>>,
): number {
  const given: unknown = options[name] ?? defaults[name];
  const value = name.endsWith('Milliseconds') ? toMilliseconds(given, name, 'memcached') : given;
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
