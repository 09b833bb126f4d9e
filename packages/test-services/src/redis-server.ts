import { assertBinaries } from './missing-binaries-error.js';
import { bulkBody, isCompleteBulkReply, sendCommand } from './send-command.js';
import { ServerProcess } from './server-process.js';
import { createServiceDirectory, removeServiceDirectory } from './server-registry.js';
import { checkPositiveInteger, startOnFreePorts } from './start-on-free-ports.js';
import { LOOPBACK_HOST, TEST_SERVICES_DEFAULTS } from './test-services-defaults.js';

/** Options of {@link startRedis}. */
export interface RedisServerOptions {
  /**
   * Port to bind on 127.0.0.1. Pass it only to bring a server back on a known port.
   * @default undefined (a free port)
   */
  port?: number;
  /**
   * Extra `redis-server` arguments, appended after pc's (`--port`, `--bind 127.0.0.1`,
   * `--save ""`, `--appendonly no`, `--dir <temp dir>`), so they win.
   * @default []
   */
  args?: readonly string[];
  /**
   * How long the server may take to answer PING, in milliseconds.
   * @default 10_000
   */
  startTimeoutMilliseconds?: number;
}

/** A running `redis-server` that the caller owns. */
export interface RedisServerHandle {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** PID of the current process (changes on `restart()`). */
  readonly pid: number;
  /** The server's temp dir (its `--dir`); removed by `stop()`. */
  readonly directory: string;
  /** Whether the process is alive. */
  readonly running: boolean;
  /** SIGKILL the server (a crash). The port and temp dir stay reserved for `restart()`. */
  kill(): Promise<void>;
  /** Kill the server if it runs and start a fresh one on the same port (data is gone). */
  restart(): Promise<void>;
  /** Stop the server (SIGTERM, then SIGKILL) and remove its temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Resolves `true` when the Redis on `port` answers and is process `pid`. */
export async function isRedisReady(port: number, pid: number): Promise<boolean> {
  const info = bulkBody(await sendCommand(port, 'INFO server', isCompleteBulkReply));
  return new RegExp(`^process_id:${pid}\\r?$`, 'm').test(info);
}

/** @internal Builds (does not start) one redis-server process; the cluster reuses it. */
export function createRedisProcess(
  directory: string,
  port: number,
  args: readonly string[],
  startTimeoutMilliseconds: number,
): ServerProcess {
  return new ServerProcess({
    name: `redis-${port}`,
    binary: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      LOOPBACK_HOST,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      directory,
      '--daemonize',
      'no',
      ...args,
    ],
    directory,
    port,
    isReady: isRedisReady,
    startTimeoutMilliseconds,
    stopSignal: 'SIGTERM',
  });
}

/** @internal Wraps a process and its directory into a handle. */
export function toRedisHandle(
  server: ServerProcess,
  directory: string,
  ownsDirectory: boolean,
): RedisServerHandle {
  return {
    host: LOOPBACK_HOST,
    port: server.port,
    url: `redis://${LOOPBACK_HOST}:${server.port}`,
    get pid() {
      return server.pid;
    },
    directory,
    get running() {
      return server.running;
    },
    kill: () => server.kill(),
    restart: () => server.restart(),
    async stop() {
      await server.stop();
      if (ownsDirectory) removeServiceDirectory(directory);
    },
  };
}

/**
 * Starts a standalone `redis-server` on a free loopback port with persistence off,
 * in its own temp dir. The caller stops it.
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServerHandle> {
  checkPositiveInteger(options.port, 'port', 65_535);
  checkPositiveInteger(options.startTimeoutMilliseconds, 'startTimeoutMilliseconds');
  assertBinaries(['redis-server']);
  const directory = await createServiceDirectory('redis');
  try {
    const server = await startOnFreePorts(1, options.port, async ([port]) => {
      const candidate = createRedisProcess(
        directory,
        port!,
        options.args ?? [],
        options.startTimeoutMilliseconds ?? TEST_SERVICES_DEFAULTS.startTimeoutMilliseconds,
      );
      await candidate.start();
      return candidate;
    });
    return toRedisHandle(server, directory, true);
  } catch (error) {
    removeServiceDirectory(directory);
    throw error;
  }
}
