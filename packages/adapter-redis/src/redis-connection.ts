import { InvalidOptionsError, type PcError } from '@pc/core';
import { type Cluster, Command, type Redis, type RedisKey } from 'ioredis';
import { disconnectClient } from './disconnect-client.js';
import { type RedisFailureContext, redisTimeoutError, toPcError } from './to-pc-error.js';

function ignore(): void {}

/** What Redis answers to a SELECT of a database it does not have. */
const MISSING_DATABASE = /DB index is out of range|invalid DB index/i;

/** The database a client pc created selects, and which option named it. */
export interface SelectedDatabase {
  readonly index: number;
  /** For messages: `"url"`, `"redisOptions.db"`. */
  readonly source: string;
}

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
  /** Human-readable target for error messages, e.g. `127.0.0.1:6379`. */
  readonly endpoint: string;
  readonly #commandTimeoutMilliseconds: number;
  #readyWaiter: Promise<void> | undefined;
  /** Commands in flight, oldest first (see `#track`). */
  #head: TrackedCommand | undefined;
  #tail: TrackedCommand | undefined;
  /**
   * `sendReadCommand` may hand ioredis its own `Command`: not when the client pipelines
   * automatically or keeps friendly error stacks (its generated methods do that work).
   */
  readonly #sendsCommandsDirectly: boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastError: unknown;
  readonly #database: SelectedDatabase | undefined;
  /**
   * Set when the server refused to SELECT the configured database: ioredis only
   * emits that as an `error` event and carries on in database 0, so every call
   * fails with this instead of reading and writing another database's keys.
   */
  #missingDatabase: Promise<PcError> | undefined;
  readonly #onError = (error: unknown): void => {
    this.#lastError = error;
    const database = this.#database;
    if (
      database !== undefined &&
      this.#missingDatabase === undefined &&
      error instanceof Error &&
      MISSING_DATABASE.test(error.message)
    ) {
      this.#missingDatabase = this.#describeMissingDatabase(database, error);
    }
  };

  constructor(
    client: Redis | Cluster,
    owned: boolean,
    commandTimeoutMilliseconds: number,
    database?: SelectedDatabase,
  ) {
    this.client = client;
    this.#database = database;
    this.owned = owned;
    this.isCluster = (client as { isCluster?: unknown }).isCluster === true;
    this.#commandTimeoutMilliseconds = commandTimeoutMilliseconds;
    this.endpoint = describeEndpoint(client, this.isCluster);
    const clientOptions =
      (client as unknown as { options?: Record<string, unknown> }).options ?? {};
    this.#sendsCommandsDirectly =
      clientOptions.enableAutoPipelining !== true && clientOptions.showFriendlyErrorStack !== true;
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
   * `recover`, when given, turns a failure of `send` into a result (or rethrows).
   */
  run<T>(operation: string, send: () => Promise<T>, recover?: (error: unknown) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const command = new PendingCommand<T>(
        this,
        operation,
        performance.now() + this.#commandTimeoutMilliseconds,
        resolve,
        reject,
        recover,
      );
      this.#track(command);
      if (this.#missingDatabase !== undefined || this.client.status === 'ready') {
        this.#start(command, send);
      } else {
        this.#whenReady().then(
          () => this.#start(command, send),
          (error: unknown) => command.fail(error),
        );
      }
    });
  }

  /**
   * `run` for a read on a ready client, without a promise of its own: the reply
   * promise of the ioredis `Command` is returned as is, and the deadline rejects
   * it through `command.reject` (what ioredis' own `commandTimeout` does). The
   * caller's handlers must call `settled()` and map failures (`failure`).
   * @returns `undefined` when the client is not ready (or pipelines automatically):
   *   then use `run`, which waits for the connection within the deadline.
   */
  sendReadCommand(operation: string, name: string, args: RedisKey[]): Promise<unknown> | undefined {
    if (
      this.#missingDatabase !== undefined ||
      this.client.status !== 'ready' ||
      !this.#sendsCommandsDirectly
    ) {
      return undefined;
    }
    // No `keyPrefix`: the adapter rejects clients that have one.
    const command = new Command(name, args, { replyEncoding: 'utf8' });
    this.#track(
      new SentCommand(operation, performance.now() + this.#commandTimeoutMilliseconds, command),
    );
    this.client.sendCommand(command);
    return command.promise;
  }

  /** Sends `command`, unless the configured database turned out not to exist. */
  #start<T>(command: PendingCommand<T>, send: () => Promise<T>): void {
    const missingDatabase = this.#missingDatabase;
    if (missingDatabase === undefined) command.start(send);
    else missingDatabase.then((error) => command.fail(error));
  }

  /** Maps a failure of `operation` to a typed error. @internal */
  failure(operation: string, error: unknown): Error {
    return toPcError(error, this.context(operation));
  }

  /** Called by a command once it settled: drops settled commands from the queue head. @internal */
  settled(): void {
    let head = this.#head;
    while (head?.done) head = head.next;
    this.#head = head;
    if (head === undefined) this.#tail = undefined;
  }

  /*
   * Deadlines: one timer per connection rather than one per command. Commands join
   * a FIFO queue in start order; with a single timeout length, their deadlines are
   * in the same order, so the timer only ever needs the head's deadline. Settled
   * commands leave from the head; the timer, once armed, re-arms for the next
   * head when it fires, so steady traffic costs no timer work per command.
   */
  #track(command: TrackedCommand): void {
    const tail = this.#tail;
    if (tail === undefined) this.#head = command;
    else tail.next = command;
    this.#tail = command;
    if (this.#timer === undefined) this.#arm(this.#commandTimeoutMilliseconds);
  }

  #arm(delayMilliseconds: number): void {
    this.#timer = setTimeout(this.#sweep, Math.max(1, Math.ceil(delayMilliseconds)));
  }

  readonly #sweep = (): void => {
    this.#timer = undefined;
    const now = performance.now();
    let head = this.#head;
    while (head !== undefined && (head.done || head.deadline <= now)) {
      if (!head.done) head.expire(redisTimeoutError(this.context(head.operation), this.#lastError));
      head = head.next;
    }
    this.#head = head;
    if (head === undefined) this.#tail = undefined;
    else this.#arm(head.deadline - now);
  };

  /** Closes the client if pc owns it; detaches pc's listeners otherwise. */
  async close(): Promise<void> {
    this.client.off('error', this.#onError);
    if (this.#head === undefined && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
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
    await disconnectClient(this.client, this.#commandTimeoutMilliseconds);
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

  /**
   * The error every call fails with when the database does not exist, naming
   * the server's `databases` setting when CONFIG answers within the deadline.
   */
  async #describeMissingDatabase(database: SelectedDatabase, cause: Error): Promise<PcError> {
    let count = '';
    const redis = this.client as Redis;
    try {
      if (redis.status !== 'ready') await this.#whenReady();
      const reply = await Promise.race([
        redis.call('CONFIG', 'GET', 'databases'),
        new Promise<undefined>((resolve) => {
          setTimeout(() => resolve(undefined), this.#commandTimeoutMilliseconds).unref();
        }),
      ]);
      const databases = Array.isArray(reply) ? Number(reply[1]) : Number.NaN;
      if (Number.isSafeInteger(databases)) {
        count = `, which has ${databases} (0 to ${databases - 1})`;
      }
    } catch {
      // CONFIG may be disabled or renamed: the message then omits the count.
    }
    return new InvalidOptionsError(
      `[pc:redis] database ${database.index} (from ${database.source}) does not exist on ${this.endpoint}${count}; ` +
        'use an existing database index, or raise "databases" in the server\'s redis.conf',
      { cause },
    );
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
    return `cluster ${name}${nodes.length > 1 ? ` (+${nodes.length - 1} nodes)` : ''}`;
  }
  const options = (client as Redis).options;
  return options.path ?? `${options.host}:${options.port}`;
}

/** A command in the connection's deadline queue. */
interface TrackedCommand {
  next: TrackedCommand | undefined;
  readonly done: boolean;
  readonly operation: string;
  /** `performance.now()` value after which the command times out. */
  readonly deadline: number;
  /** The deadline passed: the connection already moved its queue past this command. */
  expire(error: Error): void;
}

/** One call of `RedisConnection.sendReadCommand`: ioredis' `Command`, settled by its reply or the deadline. */
class SentCommand implements TrackedCommand {
  next: TrackedCommand | undefined = undefined;
  readonly operation: string;
  readonly deadline: number;
  readonly #command: Command;

  constructor(operation: string, deadline: number, command: Command) {
    this.operation = operation;
    this.deadline = deadline;
    this.#command = command;
  }

  get done(): boolean {
    return this.#command.isSettled;
  }

  expire(error: Error): void {
    this.#command.reject(error);
  }
}

/** One call of `RedisConnection.run`: settles once, by its reply or its deadline. */
class PendingCommand<T> implements TrackedCommand {
  next: TrackedCommand | undefined = undefined;
  done = false;
  readonly #connection: RedisConnection;
  readonly operation: string;
  /** `performance.now()` value after which the command times out. */
  readonly deadline: number;
  readonly #resolve: (value: T) => void;
  readonly #reject: (error: unknown) => void;
  readonly #recover: ((error: unknown) => T) | undefined;

  constructor(
    connection: RedisConnection,
    operation: string,
    deadline: number,
    resolve: (value: T) => void,
    reject: (error: unknown) => void,
    recover: ((error: unknown) => T) | undefined,
  ) {
    this.#connection = connection;
    this.operation = operation;
    this.deadline = deadline;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#recover = recover;
  }

  start(send: () => Promise<T>): void {
    if (this.done) return;
    try {
      send().then(
        (value) => this.succeed(value),
        (error: unknown) => this.fail(error),
      );
    } catch (error) {
      this.fail(error);
    }
  }

  succeed(value: T): void {
    if (this.done) return;
    this.done = true;
    this.#connection.settled();
    this.#resolve(value);
  }

  fail(error: unknown): void {
    if (this.done) return;
    if (this.#recover !== undefined) {
      let value: T;
      try {
        value = this.#recover(error);
      } catch (thrown) {
        this.#settleFailure(thrown);
        return;
      }
      this.succeed(value);
      return;
    }
    this.#settleFailure(error);
  }

  /** The deadline passed: the connection already moved its queue past this command. */
  expire(error: Error): void {
    this.done = true;
    this.#reject(error);
  }

  #settleFailure(error: unknown): void {
    this.done = true;
    this.#connection.settled();
    this.#reject(this.#connection.failure(this.operation, error));
  }
}
