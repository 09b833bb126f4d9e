import { createHash } from 'node:crypto';

/** Points hashed per server before weighting (libketama: 40 hashes of 4 points each). */
const HASHES_PER_SERVER = 40;
const POINTS_PER_HASH = 4;
/** Servers on this port hash by host alone (libketama's convention). */
const DEFAULT_PORT = 11211;
/** Keys whose server is remembered; cleared when full (hot keys come straight back). */
const CACHE_LIMIT = 10_000;

/**
 * Ketama consistent hashing over `host:port` servers, point for point the ring of
 * the `memcached` 2.2.2 client (`hashring` 3.2 with `compatibility: 'ketama'`):
 * md5, 40 hashes of 4 points per server scaled by weight, a server on port 11211
 * hashed by its host alone, a key placed on the first point at or after the first
 * four bytes of its md5 (little-endian), wrapping to the first point. Pools keep
 * routing every key to the server it was on before the client was replaced.
 */
export class KetamaHashRing {
  readonly #points: Uint32Array;
  readonly #owners: readonly string[];
  readonly #cache = new Map<string, string>();

  /** @param servers `host:port` locations, or weights by `host:port` (integers >= 1). */
  constructor(servers: readonly string[] | Readonly<Record<string, number>>) {
    const weighted: Array<readonly [string, number]> = Array.isArray(servers)
      ? servers.map((server) => [server, 1] as const)
      : Object.entries(servers);
    const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
    const points: Array<{ value: number; server: string }> = [];
    for (const [server, weight] of weighted) {
      // Same expression, same floating-point rounding as hashring.
      const percentage = weight / total;
      const hashes = Math.floor(percentage * HASHES_PER_SERVER * weighted.length);
      const [host, port] = server.split(':');
      const label = Number(port) === DEFAULT_PORT ? host! : server;
      for (let index = 0; index < hashes; index++) {
        const digest = createHash('md5').update(`${label}-${index}`).digest();
        for (let point = 0; point < POINTS_PER_HASH; point++) {
          points.push({ value: digest.readUInt32LE(point * 4), server });
        }
      }
    }
    // A stable sort: equal points keep insertion order, as in hashring.
    points.sort((left, right) => left.value - right.value);
    this.#points = Uint32Array.from(points, (point) => point.value);
    this.#owners = points.map((point) => point.server);
  }

  /** The server `key` belongs to. */
  get(key: string): string {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const hash = createHash('md5').update(key).digest().readUInt32LE(0);
    const points = this.#points;
    // First point >= hash; past the last point, wrap to the first.
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (points[middle]! < hash) low = middle + 1;
      else high = middle;
    }
    const server = this.#owners[low === points.length ? 0 : low]!;
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(key, server);
    return server;
  }
}
