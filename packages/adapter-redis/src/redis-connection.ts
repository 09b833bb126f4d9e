import type { Cluster, Redis } from 'ioredis';
import { type RedisFailureContext, redisTimeoutError, toPcError } from './to-pc-error.js';

function ignore(): void {}

/**
 * One ioredis client plus the rules every pc call follows on it: a deadline
 * (`commandTimeoutMilliseconds`) that covers waiting for the connection and the
 * reply, fail-fast while the client is reconnecting, and typed errors.
 * Internal: the adapter and the bus are built on it.
 */
export class RedisConnection {
  /** The ioredis client (created by pc or injected). */
  readonly client: Redis | Cluster;
  /** `true` when pc created the client and therefore closes it. */
  readonly owned: boolean;
  /** `true` for an ioredis `Cluster`. */
  readonly isCluster: boolean;
  /** Human-readable target for error messages, e.g. `redis 127.0.0.1:6379`. */
  readonly endpoint: string;
  readonly #commandTimeoutMilliseconds: number;
  #readyWaiter: Promise<void> | undefined;
  #lastError: unknown;
  readonly #onError = (error: unknown): void => {
    this.#lastError = error;
  };

  constructor(client: Redis | Cluster, owned: boolean, commandTimeoutMilliseconds: number) {
    this.client = client;
    this.owned = owned;
    this.isCluster = (client as { isCluster?: unknown }).isCluster === true;
    this.#commandTimeoutMilliseconds = commandTimeoutMilliseconds;
    this.endpoint = describeEndpoint(client, this.isCluster);
    // Listening to `error` silences ioredis' "Unhandled error event" log, so only
    // on clients pc owns; an injected client keeps its owner's error handling.
    if (owned) client.on('error', this.#onError);
  }

  /** Context for error messages of `operation`. */
  context(operation: string): RedisFailureContext {
    return {
      operation,
      endpoint: this.endpoint,
      commandTimeoutMilliseconds: this.#commandTimeoutMilliseconds,
    };
  }

  /**
   * Runs `send` once the client is ready and settles within the command timeout.
   * Never sends after the deadline passed, and maps every failure to a typed error.
   */
  run<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(redisTimeoutError(this.context(operation), this.#lastError));
      }, this.#commandTimeoutMilliseconds);
      const succeed = (value: T): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(value);
      };
      const fail = (error: unknown): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(toPcError(error, this.context(operation)));
      };
      const start = (): void => {
        if (done) return;
        try {
          send().then(succeed, fail);
        } catch (error) {
          fail(error);
        }
      };
      if (this.client.status === 'ready') start();
      else this.#whenReady().then(start, fail);
    });
  }

  /** Closes the client if pc owns it; detaches pc's listeners otherwise. */
  async close(): Promise<void> {
    this.client.off('error', this.#onError);
    if (!this.owned) return;
    if (this.client.status === 'ready') {
      // QUIT lets pending replies arrive; a server that does not answer gets cut off.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#commandTimeoutMilliseconds);
      });
      await Promise.race([this.client.quit().then(ignore, ignore), timeout]);
      clearTimeout(timer);
    }
    this.client.disconnect();
  }

  /**
   * Resolves when the client is ready. Fails at once while the client waits to
   * reconnect (Redis is down: a cache call must not wait for it), and when a
   * connection attempt in progress fails.
   */
  #whenReady(): Promise<void> {
    const status = this.client.status;
    if (status === 'wait') this.client.connect().catch(ignore);
    else if (status !== 'connecting' && status !== 'connect') {
      return Promise.reject(this.#notConnected(`not connected (client status "${status}")`));
    }
    this.#readyWaiter ??= new Promise<void>((resolve, reject) => {
      const client = this.client;
      const settle = (error: Error | undefined): void => {
        client.off('ready', onReady);
        client.off('close', onClose);
        client.off('end', onClose);
        this.#readyWaiter = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = (): void => settle(undefined);
      const onClose = (): void => settle(this.#notConnected('connection attempt failed'));
      client.on('ready', onReady);
      client.on('close', onClose);
      client.on('end', onClose);
    });
    return this.#readyWaiter;
  }

  #notConnected(what: string): Error {
    const last = this.#lastError instanceof Error ? `: ${this.#lastError.message}` : '';
    return new Error(what + last, { cause: this.#lastError });
  }
}

function describeEndpoint(client: Redis | Cluster, isCluster: boolean): string {
  if (isCluster) {
    const nodes = (client as unknown as { startupNodes?: unknown[] }).startupNodes ?? [];
    const first = nodes[0] as { host?: string; port?: number } | string | number | undefined;
    const name =
      typeof first === 'object' && first !== null ? `${first.host}:${first.port}` : String(first);
    return `redis cluster ${name}${nodes.length > 1 ? ` (+${nodes.length - 1} nodes)` : ''}`;
  }
  const options = (client as Redis).options;
  return options.path ? `redis ${options.path}` : `redis ${options.host}:${options.port}`;
}
