import type { Workload } from '../harness/workload.js';
import { codecCompressionRedis } from './codec-compression-redis.js';
import { codecEncryptionRedis } from './codec-encryption-redis.js';
import { concurrentMiss } from './concurrent-miss.js';
import { crossProcessSingleFlight } from './cross-process-single-flight.js';
import { getManyMemcached } from './get-many-memcached.js';
import { getManyMemcachedLongKeys } from './get-many-memcached-long-keys.js';
import { getManyRedis } from './get-many-redis.js';
import { graceSoftTimeoutRedis } from './grace-soft-timeout-redis.js';
import { l1Hit } from './l1-hit.js';
import { l2HitFs } from './l2-hit-fs.js';
import { l2HitMemcached } from './l2-hit-memcached.js';
import { l2HitMemory } from './l2-hit-memory.js';
import { l2HitRedis } from './l2-hit-redis.js';
import { missLoad } from './miss-load.js';
import { mixed } from './mixed.js';
import { tagInvalidation } from './tag-invalidation.js';

/** Every workload, in the order BENCHMARKS.md lists them. */
export const WORKLOADS: readonly Workload[] = [
  l1Hit,
  l2HitRedis,
  l2HitMemcached,
  l2HitFs,
  l2HitMemory,
  getManyRedis,
  getManyMemcached,
  getManyMemcachedLongKeys,
  missLoad,
  concurrentMiss,
  crossProcessSingleFlight,
  tagInvalidation,
  mixed,
  codecCompressionRedis,
  codecEncryptionRedis,
  graceSoftTimeoutRedis,
];
