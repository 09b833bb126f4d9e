import type { Workload } from '../harness/workload.js';
import { l2HitRedis } from './l2-hit-redis.js';

/** Every workload, in the order BENCHMARKS.md lists them. */
export const WORKLOADS: readonly Workload[] = [l2HitRedis];
