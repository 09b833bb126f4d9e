/** A service `setupTestServices` can start. */
export type TestServiceName = 'redis' | 'redis-cluster' | 'memcached' | 'memcached-pool';

/** A standalone Redis started for the run. */
export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
}

/** A Redis Cluster (masters only) started for the run. */
export interface RedisClusterEndpoint {
  readonly host: string;
  /** Client ports of the masters; any one of them is a valid seed. */
  readonly ports: readonly number[];
  /** `{ host, port }` per master: the shape ioredis' `Cluster` takes as seeds. */
  readonly nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
}

/** One memcached started for the run. */
export interface MemcachedEndpoint {
  readonly host: string;
  readonly port: number;
  /** `127.0.0.1:<port>` */
  readonly location: string;
}

/** Three memcached servers started for the run. */
export interface MemcachedPoolEndpoint {
  readonly host: string;
  readonly ports: readonly number[];
  /** `127.0.0.1:<port>` per server. */
  readonly locations: readonly string[];
}

/**
 * What the global setup hands to tests (plain data: it crosses into the workers).
 * A key is present only when its service was asked for.
 */
export interface TestServiceEndpoints {
  redis?: RedisEndpoint;
  redisCluster?: RedisClusterEndpoint;
  memcached?: MemcachedEndpoint;
  memcachedPool?: MemcachedPoolEndpoint;
}
