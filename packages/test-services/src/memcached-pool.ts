import {
  type MemcachedServerHandle,
  type MemcachedServerOptions,
  startMemcached,
} from './memcached-server.js';
import { checkPositiveInteger } from './start-on-free-ports.js';
import { LOOPBACK_HOST, TEST_SERVICES_DEFAULTS } from './test-services-defaults.js';

/** Options of {@link startMemcachedPool}: those of every server, plus the pool size. */
export interface MemcachedPoolOptions extends Omit<MemcachedServerOptions, 'port'> {
  /**
   * Number of servers.
   * @default 3
   */
  size?: number;
}

/** Independent memcached servers for a consistent-hashing client; the caller owns them. */
export interface MemcachedPoolHandle {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly ports: readonly number[];
  /** `127.0.0.1:<port>` per server, in order. */
  readonly locations: readonly string[];
  readonly pids: readonly number[];
  /** The servers; each can be killed and restarted on its port. */
  readonly servers: readonly MemcachedServerHandle[];
  /** Stops every server and removes their temp dirs. Idempotent. */
  stop(): Promise<void>;
}

/** Starts `size` (default 3) memcached servers on free loopback ports. */
export async function startMemcachedPool(
  options: MemcachedPoolOptions = {},
): Promise<MemcachedPoolHandle> {
  checkPositiveInteger(options.size, 'size');
  const { size = TEST_SERVICES_DEFAULTS.memcachedPoolSize, ...serverOptions } = options;
  const results = await Promise.allSettled(
    Array.from({ length: size }, () => startMemcached(serverOptions)),
  );
  const servers = results.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const failure = results.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await stop();
    throw failure.reason;
  }
  return {
    host: LOOPBACK_HOST,
    ports: servers.map((server) => server.port),
    locations: servers.map((server) => server.location),
    get pids() {
      return servers.map((server) => server.pid);
    },
    servers,
    stop,
  };
}
