import { fileURLToPath } from 'node:url';
import { InvalidOptionsError } from '@pc/core';

/** A Redis Cluster seed node. */
export interface ClusterSeed {
  readonly host: string;
  readonly port: number;
}

/** What every connection target carries for output. */
interface TargetOutput {
  /** The URL(s) as they may be printed: passwords masked. */
  readonly display: string;
  /** Credentials to scrub from anything printed. */
  readonly secrets: readonly string[];
}

/** What a connection URL points at, with what must never be printed. */
export type ConnectionTarget =
  | (TargetOutput & { readonly kind: 'redis'; readonly url: string })
  | (TargetOutput & {
      readonly kind: 'redis-cluster';
      readonly seeds: readonly ClusterSeed[];
      readonly tls: boolean;
      readonly username: string | undefined;
      readonly password: string | undefined;
    })
  | (TargetOutput & { readonly kind: 'memcached'; readonly servers: readonly string[] })
  | (TargetOutput & { readonly kind: 'fs'; readonly directory: string });

const SCHEMES = 'redis://, rediss://, redis-cluster://, rediss-cluster://, memcached:// or file://';
const CLUSTER_URL = /^(rediss?)-cluster:\/\/(?:([^@/]*)@)?([^/?#@]+)\/?$/;
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/;

/**
 * Reads the `--url` values: one `redis://` / `rediss://` URL (standalone), several
 * of them or one `redis-cluster://host:port,host:port` (Redis Cluster seeds), one
 * `memcached://host:port[,host:port...]` (one server or a pool), or one
 * `file:///absolute/directory` (the fs adapter).
 * @throws InvalidOptionsError naming what is wrong, with passwords masked.
 */
export function parseConnectionUrls(urls: readonly string[]): ConnectionTarget {
  if (urls.length === 0) {
    throw new InvalidOptionsError(
      `[pc:cli] no backend: give --url (${SCHEMES}) or --config <file>`,
    );
  }
  if (urls.length > 1) return clusterFromUrls(urls);
  const url = urls[0]!;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'redis':
    case 'rediss':
      checkUrl(url);
      return { kind: 'redis', url, display: maskUrl(url), secrets: secretsOf(url) };
    case 'redis-cluster':
    case 'rediss-cluster':
      return clusterFromSchemeUrl(url);
    case 'memcached':
      return memcachedFromUrl(url);
    case 'file':
      return fsFromUrl(url);
    default:
      throw new InvalidOptionsError(
        `[pc:cli] unsupported URL ${JSON.stringify(maskUrl(url))}; use ${SCHEMES}`,
      );
  }
}

/** `url` with its password (and a lone user token) replaced by `****`. */
export function maskUrl(url: string): string {
  return url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i,
    (_, scheme: string, credentials: string) => {
      const colon = credentials.indexOf(':');
      if (colon < 0) return `${scheme}****@`;
      return `${scheme}${credentials.slice(0, colon)}:****@`;
    },
  );
}

/** Every credential of `url` (user info), for scrubbing output. */
function secretsOf(url: string): string[] {
  const credentials = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(url)?.[1];
  if (credentials === undefined || credentials === '') return [];
  const colon = credentials.indexOf(':');
  const secret = colon < 0 ? credentials : credentials.slice(colon + 1);
  if (secret === '') return [];
  return [...new Set([secret, safeDecode(secret)])];
}

function checkUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new InvalidOptionsError(`[pc:cli] ${JSON.stringify(maskUrl(url))} is not a valid URL`);
  }
}

function clusterFromUrls(urls: readonly string[]): ConnectionTarget {
  const parsed = urls.map((url) => {
    if (!/^rediss?:\/\//i.test(url)) {
      throw new InvalidOptionsError(
        `[pc:cli] several --url values are Redis Cluster seeds and must all be redis:// or rediss://, got ${JSON.stringify(maskUrl(url))}`,
      );
    }
    return checkUrl(url);
  });
  const first = parsed[0]!;
  return {
    kind: 'redis-cluster',
    seeds: parsed.map((url) => seedOf(url.hostname, url.port || '6379', url.href)),
    tls: first.protocol === 'rediss:',
    username: first.username === '' ? undefined : safeDecode(first.username),
    password: first.password === '' ? undefined : safeDecode(first.password),
    display: urls.map(maskUrl).join(' '),
    secrets: urls.flatMap(secretsOf),
  };
}

function clusterFromSchemeUrl(url: string): ConnectionTarget {
  const match = CLUSTER_URL.exec(url);
  if (match === null) {
    throw new InvalidOptionsError(
      `[pc:cli] ${JSON.stringify(maskUrl(url))} is not a cluster URL; write redis-cluster://[user:password@]host:port[,host:port...]`,
    );
  }
  const [, scheme, credentials = '', hosts] = match;
  const colon = credentials.indexOf(':');
  const username = colon < 0 ? credentials : credentials.slice(0, colon);
  const password = colon < 0 ? '' : credentials.slice(colon + 1);
  return {
    kind: 'redis-cluster',
    seeds: hosts!.split(',').map((location) => {
      const found = HOST_PORT.exec(location);
      if (found === null) {
        throw new InvalidOptionsError(
          `[pc:cli] cluster seed ${JSON.stringify(location)} in ${JSON.stringify(maskUrl(url))} needs host:port`,
        );
      }
      return seedOf(found[1]!, found[2]!, url);
    }),
    tls: scheme === 'rediss',
    username: username === '' ? undefined : safeDecode(username),
    password: password === '' ? undefined : safeDecode(password),
    display: maskUrl(url),
    secrets: secretsOf(url),
  };
}

function seedOf(host: string, port: string, url: string): ClusterSeed {
  const number = Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65_535) {
    throw new InvalidOptionsError(`[pc:cli] bad port ${port} in ${JSON.stringify(maskUrl(url))}`);
  }
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port: number };
}

function memcachedFromUrl(url: string): ConnectionTarget {
  const rest = url.slice('memcached://'.length).replace(/\/$/, '');
  if (!/^memcached:\/\//i.test(url) || rest === '') {
    throw new InvalidOptionsError(
      `[pc:cli] ${JSON.stringify(maskUrl(url))} is not a memcached URL; write memcached://host:port[,host:port...]`,
    );
  }
  // Each server as its own memcached:// URL: the adapter validates it (port
  // required, no credentials) and places keys as for host:port.
  const servers = rest.split(',').map((location) => `memcached://${location}`);
  return { kind: 'memcached', servers, display: maskUrl(url), secrets: secretsOf(url) };
}

function fsFromUrl(url: string): ConnectionTarget {
  let directory: string;
  try {
    directory = fileURLToPath(url);
  } catch (error) {
    throw new InvalidOptionsError(
      `[pc:cli] ${JSON.stringify(url)} is not a file URL of a directory; write file:///absolute/path`,
      { cause: error },
    );
  }
  return { kind: 'fs', directory, display: url, secrets: [] };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The credentials of every URL given, for scrubbing output (also of URLs that do not parse). */
export function urlSecrets(urls: readonly string[]): string[] {
  return urls.flatMap(secretsOf);
}
