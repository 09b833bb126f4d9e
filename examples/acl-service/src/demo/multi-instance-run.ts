import { INSTALL_COMMAND, MissingBinariesError, startRedis } from '@pc/test-services';
import { type ServiceProcess, startServiceProcess } from './service-process.js';

/** Two service instances over one database and one Redis (shared layer and bus). */
export interface InstancePair {
  readonly services: readonly ServiceProcess[];
  /** e.g. `2 instances: burst layer (L1) + redis (L2) + invalidation bus`. */
  readonly description: string;
  stop(): Promise<void>;
}

/** A redis-server the demo started, or why it could not (not installed). */
export type DemoRedis =
  | { readonly url: string; stop(): Promise<void> }
  | { readonly missing: string };

/**
 * Starts a `redis-server` on a free loopback port, as the test run does
 * (through `@pc/test-services`).
 * @returns the server, or what to install when redis-server is missing.
 */
export async function startDemoRedis(): Promise<DemoRedis> {
  try {
    return await startRedis();
  } catch (error) {
    if (error instanceof MissingBinariesError) {
      return { missing: `redis-server is not installed; install it with \`${INSTALL_COMMAND}\`` };
    }
    throw error;
  }
}

/**
 * Starts `instances` instances of the service sharing the database process at
 * `databaseUrl` and the Redis at `redisUrl` (shared layer and invalidation bus).
 * The first instance clears the cache namespace before any serves.
 */
export async function startInstancePair(
  mainScript: string,
  databaseUrl: string,
  redisUrl: string,
  instances = 2,
): Promise<InstancePair> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const one of stops.reverse()) await one();
  };
  try {
    const services: ServiceProcess[] = [];
    for (let index = 0; index < instances; index += 1) {
      const service = await startServiceProcess(mainScript, {
        PC_CACHE: 'on',
        PC_CACHE_URL: redisUrl,
        PC_CACHE_BUS: 'on',
        // The strict cross-instance check runs without burst layers: see README.md,
        // "Two instances" (another instance's burst layer may lag the bus).
        PC_BURST_TTL_MS: '0',
        PC_CACHE_CLEAR: index === 0 ? 'on' : 'off',
        PC_DATABASE_URL: databaseUrl,
      });
      stops.push(() => service.stop());
      services.push(service);
    }
    return {
      services,
      description: `${instances} instances, one database: ${/\(reads: (.*)\)$/.exec(services[0]!.banner)?.[1] ?? ''}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
