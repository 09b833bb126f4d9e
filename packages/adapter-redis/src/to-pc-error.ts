import { BackendUnavailableError, PcError, TimeoutError } from '@pc/core';

/** What a failed Redis call was doing, for the error message. */
export interface RedisFailureContext {
  /** The pc operation, e.g. `"getMany"`. */
  readonly operation: string;
  /** The server or cluster, e.g. `"redis 127.0.0.1:6379"`. */
  readonly endpoint: string;
  /** The configured `commandTimeoutMilliseconds`. */
  readonly commandTimeoutMilliseconds: number;
}

/** Builds the `TimeoutError` of an operation that ran past its deadline. */
export function redisTimeoutError(context: RedisFailureContext, cause?: unknown): TimeoutError {
  return new TimeoutError(
    `[pc:redis] ${context.operation} on ${context.endpoint} did not complete within ` +
      `${context.commandTimeoutMilliseconds} ms; set "commandTimeoutMilliseconds" to allow ` +
      'more time, or check the server',
    { cause },
  );
}

/**
 * Maps whatever ioredis rejects with (connection errors, `ReplyError`s, its own
 * command timeouts) to pc's typed errors, keeping the original as `cause`.
 */
export function toPcError(error: unknown, context: RedisFailureContext): PcError {
  if (PcError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'ReplyError') {
    return new BackendUnavailableError(
      `[pc:redis] ${context.operation} on ${context.endpoint} failed: Redis answered "${message}"`,
      { cause: error },
    );
  }
  // ioredis' "Command timed out", socket timeouts, ETIMEDOUT.
  if (/timed? ?out/i.test(message)) return redisTimeoutError(context, error);
  return new BackendUnavailableError(
    `[pc:redis] ${context.operation} on ${context.endpoint} failed: ${message}; check that Redis ` +
      'is up and the connection options ("url", "redisOptions", "clusterNodes" or "client"); ' +
      'pc reconnects by itself (backoff capped by "maxReconnectDelayMilliseconds")',
    { cause: error },
  );
}
