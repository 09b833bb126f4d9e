import type { ServerEndpoint } from './bench-context.js';

/** How a burst child reads: pc `getOrLoad`, or raw ioredis cache-aside without any dedupe. */
export type BurstChildVariant = 'pc' | 'raw';

/** What a burst child is started with (its one argument, as JSON). */
export interface BurstChildConfig {
  readonly variant: BurstChildVariant;
  /** The bench's Redis: every child has its own client (and, for pc, its own Cache) on it. */
  readonly redis: ServerEndpoint;
  /** Concurrent calls per burst in this child. */
  readonly callers: number;
  /** How long the loader waits before returning the value, in milliseconds. */
  readonly loaderMilliseconds: number;
  /** L2 TTL of the loaded value, in milliseconds. */
  readonly ttlMilliseconds: number;
}

/** Parent to child: read `key` with `callers` concurrent calls; or shut down. */
export type BurstRequest = { type: 'burst'; id: number; key: string } | { type: 'close' };

/** Child to parent. `loads`: loader calls this child made during burst `id`. */
export type BurstReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; loads: number }
  | { type: 'failed'; id?: number; message: string };
