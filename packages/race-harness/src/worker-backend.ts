import { createMemcachedAdapter } from '@pc/adapter-memcached';
import { createRedisAdapter, createRedisBus } from '@pc/adapter-redis';
import type { CacheAdapter, InvalidationBus } from '@pc/core';
import type { BackendEndpoint } from './ipc-messages.js';

/** Per-call deadline of the workers' clients, in ms: generous, the machine is busy. */
const COMMAND_TIMEOUT_MILLISECONDS = 1_000;
/** Reconnect quickly after a restart, so the run keeps going. */
const MAX_RECONNECT_DELAY_MILLISECONDS = 200;

function redisConnection(backend: BackendEndpoint) {
  const common = {
    commandTimeoutMilliseconds: COMMAND_TIMEOUT_MILLISECONDS,
    maxReconnectDelayMilliseconds: MAX_RECONNECT_DELAY_MILLISECONDS,
  };
  if (backend.kind === 'redis') return { ...common, url: backend.url };
  if (backend.kind === 'redis-cluster') return { ...common, clusterNodes: [...backend.nodes] };
  throw new TypeError(`not a Redis backend: ${backend.kind}`);
}

/** The adapter a worker's cache (or the filler) uses for `namespace`. */
export function createWorkerAdapter(backend: BackendEndpoint, namespace: string): CacheAdapter {
  if (backend.kind === 'memcached') {
    return createMemcachedAdapter({
      servers: [...backend.servers],
      namespace,
      timeoutMilliseconds: COMMAND_TIMEOUT_MILLISECONDS,
      retryDelayMilliseconds: 100,
      ...(backend.itemSizeBytes === undefined ? {} : { itemSizeBytes: backend.itemSizeBytes }),
    });
  }
  return createRedisAdapter({ ...redisConnection(backend), namespace });
}

/** The Redis pub/sub bus of a worker's cache. */
export function createWorkerBus(
  backend: BackendEndpoint,
  channel: string,
  onError: (error: unknown) => void,
): InvalidationBus {
  return createRedisBus({ ...redisConnection(backend), channel, onError });
}
