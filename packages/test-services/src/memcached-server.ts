import { assertBinaries } from './missing-binaries-error.js';
import { sendCommand } from './send-command.js';
import { ServerProcess } from './server-process.js';
import { createServiceDirectory, removeServiceDirectory } from './server-registry.js';
import { checkPositiveInteger, startOnFreePorts } from './start-on-free-ports.js';
import { LOOPBACK_HOST, TEST_SERVICES_DEFAULTS } from './test-services-defaults.js';

/** Options of {@link startMemcached}. */
export interface MemcachedServerOptions {
  /**
   * Port to bind on 127.0.0.1. Pass it only to bring a server back on a known port.
   * @default undefined (a free port)
   */
  port?: number;
  /**
   * Memory limit, in megabytes (`-m`).
   * @default 64
   */
  memoryMegabytes?: number;
  /**
   * Extra `memcached` arguments, appended after pc's (`-p`, `-l 127.0.0.1`, `-U 0`,
   * `-m`, and `-u root` when running as root), e.g. `['-I', '2m']`.
   * @default []
   */
  args?: readonly string[];
  /**
   * How long the server may take to answer `stats`, in milliseconds.
   * @default 10_000
   */
  startTimeoutMilliseconds?: number;
}

/** A running `memcached` that the caller owns. */
export interface MemcachedServerHandle {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** `127.0.0.1:<port>`, the form memcached clients take. */
  readonly location: string;
  /** PID of the current process (changes on `restart()`). */
  readonly pid: number;
  /** Whether the process is alive. */
  readonly running: boolean;
  /** SIGKILL the server (a crash). The port stays reserved for `restart()`. */
  kill(): Promise<void>;
  /** Kill the server if it runs and start a fresh one on the same port (data is gone). */
  restart(): Promise<void>;
  /** Stop the server (SIGKILL: it holds nothing to flush) and remove its temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Resolves `true` when the memcached on `port` answers `stats` and is process `pid`. */
export async function isMemcachedReady(port: number, pid: number): Promise<boolean> {
  const stats = await sendCommand(port, 'stats', (reply) => reply.endsWith('END\r\n'));
  return new RegExp(`^STAT pid ${pid}\\r?$`, 'm').test(stats);
}

/**
 * Starts a `memcached` on a free loopback port (TCP only, 64 MB by default), with
 * its own temp dir. The caller stops it.
 */
export async function startMemcached(
  options: MemcachedServerOptions = {},
): Promise<MemcachedServerHandle> {
  checkPositiveInteger(options.port, 'port', 65_535);
  checkPositiveInteger(options.memoryMegabytes, 'memoryMegabytes');
  checkPositiveInteger(options.startTimeoutMilliseconds, 'startTimeoutMilliseconds');
  assertBinaries(['memcached']);
  const directory = await createServiceDirectory('memcached');
  // memcached refuses to run as root unless told which user to run as (exit 64).
  const asRoot = process.getuid?.() === 0 ? ['-u', 'root'] : [];
  try {
    const server = await startOnFreePorts(1, options.port, async ([port]) => {
      const candidate = new ServerProcess({
        name: `memcached-${port}`,
        binary: 'memcached',
        args: [
          '-p',
          String(port),
          '-l',
          LOOPBACK_HOST,
          '-U',
          '0',
          '-m',
          String(options.memoryMegabytes ?? TEST_SERVICES_DEFAULTS.memcachedMemoryMegabytes),
          ...asRoot,
          ...(options.args ?? []),
        ],
        directory,
        port: port!,
        isReady: isMemcachedReady,
        stopSignal: 'SIGKILL',
        startTimeoutMilliseconds:
          options.startTimeoutMilliseconds ?? TEST_SERVICES_DEFAULTS.startTimeoutMilliseconds,
      });
      await candidate.start();
      return candidate;
    });
    return {
      host: LOOPBACK_HOST,
      port: server.port,
      location: `${LOOPBACK_HOST}:${server.port}`,
      get pid() {
        return server.pid;
      },
      get running() {
        return server.running;
      },
      kill: () => server.kill(),
      restart: () => server.restart(),
      async stop() {
        await server.stop();
        removeServiceDirectory(directory);
      },
    };
  } catch (error) {
    removeServiceDirectory(directory);
    throw error;
  }
}
