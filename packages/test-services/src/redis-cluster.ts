import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { assertBinaries } from './missing-binaries-error.js';
import { createRedisProcess, type RedisServerHandle, toRedisHandle } from './redis-server.js';
import { bulkBody, isCompleteBulkReply, sendCommand } from './send-command.js';
import type { ServerProcess } from './server-process.js';
import { createServiceDirectory, removeServiceDirectory } from './server-registry.js';
import { checkPositiveInteger, startOnFreePorts } from './start-on-free-ports.js';
import { LOOPBACK_HOST, TEST_SERVICES_DEFAULTS } from './test-services-defaults.js';

const execFileAsync = promisify(execFile);

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /**
   * Number of masters; the cluster has no replicas. Redis needs at least 3.
   * @default 3
   */
  masters?: number;
  /**
   * Extra `redis-server` arguments for every node, appended after pc's.
   * @default []
   */
  args?: readonly string[];
  /**
   * How long each node may take to answer PING, in milliseconds.
   * @default 10_000
   */
  startTimeoutMilliseconds?: number;
  /**
   * How long the cluster may take to report `cluster_state:ok` on every node after
   * `redis-cli --cluster create`, in milliseconds (Redis itself needs ~2 s).
   * @default 20_000
   */
  clusterTimeoutMilliseconds?: number;
}

/** A running Redis Cluster (masters only) that the caller owns. */
export interface RedisClusterHandle {
  /** Always `127.0.0.1`. */
  readonly host: string;
  /** Client ports of the masters, in node order. */
  readonly ports: readonly number[];
  /** PIDs of the masters, in node order. */
  readonly pids: readonly number[];
  /** The nodes; each can be killed and restarted (it rejoins from its nodes.conf). */
  readonly nodes: readonly RedisServerHandle[];
  /** Stops every node and removes the cluster's temp dir. Idempotent. */
  stop(): Promise<void>;
}

async function clusterInfo(port: number): Promise<string> {
  return bulkBody(await sendCommand(port, 'CLUSTER INFO', isCompleteBulkReply));
}

async function waitForClusterOk(
  ports: readonly number[],
  timeoutMilliseconds: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  let last = '';
  while (Date.now() < deadline) {
    const infos = await Promise.all(ports.map((port) => clusterInfo(port).catch(String)));
    const ready = infos.every(
      (info) =>
        /^cluster_state:ok\r?$/m.test(info) &&
        new RegExp(`^cluster_known_nodes:${ports.length}\\r?$`, 'm').test(info),
    );
    if (ready) return;
    last = infos[0] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `[pc:test-services] Redis Cluster on ports ${ports.join(', ')} did not reach cluster_state:ok within ${timeoutMilliseconds} ms; set "clusterTimeoutMilliseconds". Last CLUSTER INFO:\n${last}`,
  );
}

/**
 * Starts a Redis Cluster of `masters` nodes (no replicas) on free loopback ports,
 * creates it with `redis-cli --cluster create`, and resolves once every node
 * reports `cluster_state:ok`. The caller stops it.
 */
export async function startRedisCluster(
  options: RedisClusterOptions = {},
): Promise<RedisClusterHandle> {
  checkPositiveInteger(options.masters, 'masters');
  if (options.masters !== undefined && options.masters < 3) {
    throw new TypeError(`[pc:test-services] "masters" must be at least 3, got ${options.masters}`);
  }
  checkPositiveInteger(options.startTimeoutMilliseconds, 'startTimeoutMilliseconds');
  checkPositiveInteger(options.clusterTimeoutMilliseconds, 'clusterTimeoutMilliseconds');
  assertBinaries(['redis-server', 'redis-cli']);
  const masters = options.masters ?? TEST_SERVICES_DEFAULTS.clusterMasters;
  const startTimeout =
    options.startTimeoutMilliseconds ?? TEST_SERVICES_DEFAULTS.startTimeoutMilliseconds;
  const clusterTimeout =
    options.clusterTimeoutMilliseconds ?? TEST_SERVICES_DEFAULTS.clusterTimeoutMilliseconds;
  const directory = await createServiceDirectory('redis-cluster');
  const processes: ServerProcess[] = [];
  const stopAll = async () => {
    await Promise.all(processes.map((node) => node.stop()));
    removeServiceDirectory(directory);
  };
  try {
    const started = await Promise.all(
      Array.from({ length: masters }, () =>
        startOnFreePorts(2, undefined, async ([port, busPort]) => {
          const node = createRedisProcess(
            directory,
            port!,
            [
              '--cluster-enabled',
              'yes',
              '--cluster-config-file',
              `nodes-${port}.conf`,
              '--cluster-port',
              String(busPort),
              ...(options.args ?? []),
            ],
            startTimeout,
          );
          processes.push(node);
          await node.start();
          return node;
        }),
      ),
    );
    const ports = started.map((node) => node.port);
    try {
      await execFileAsync(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...ports.map((port) => `${LOOPBACK_HOST}:${port}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { timeout: clusterTimeout },
      );
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(
        `[pc:test-services] redis-cli --cluster create failed for ports ${ports.join(', ')}:\n${stdout}${stderr}`,
        { cause: error },
      );
    }
    await waitForClusterOk(ports, clusterTimeout);
    const nodes = started.map((node) => toRedisHandle(node, directory, false));
    return {
      host: LOOPBACK_HOST,
      ports,
      get pids() {
        return nodes.map((node) => node.pid);
      },
      nodes,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
