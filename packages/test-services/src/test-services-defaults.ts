/** Every server pc starts for tests binds this address and nothing else. */
export const LOOPBACK_HOST = '127.0.0.1';

/** Defaults for the options of every `start*` function, in one place. */
export const TEST_SERVICES_DEFAULTS = {
  /** How long a single server may take to answer after spawn, in milliseconds. */
  startTimeoutMilliseconds: 10_000,
  /** How long a Redis Cluster may take to report `cluster_state:ok`, in milliseconds. */
  clusterTimeoutMilliseconds: 20_000,
  /** How long `stop()` waits after SIGTERM before it sends SIGKILL, in milliseconds. */
  stopTimeoutMilliseconds: 5_000,
  /** Masters in a Redis Cluster (no replicas). */
  clusterMasters: 3,
  /** Servers in a Memcached pool. */
  memcachedPoolSize: 3,
  /** Memcached memory limit, in megabytes (`-m`). */
  memcachedMemoryMegabytes: 64,
  /** Fresh ports tried when a server cannot bind the port it was given (another run took it). */
  portAttempts: 5,
} as const;

/** The command that installs every binary the test services need on Debian/Ubuntu. */
export const INSTALL_COMMAND =
  'apt-get update && apt-get install -y redis-server redis-tools memcached';
