import { type PcError, type TimeoutError, wrapBackendError } from '@pc/core';

/** What a failed Redis call was doing, for the error message. */
export interface RedisFailureContext {
  /** The pc operation, e.g. `"getMany"`. */
  readonly operation: string;
  /** The server or cluster, e.g. `"127.0.0.1:6379"` or `"cluster 127.0.0.1:7000 (+2 nodes)"`. */
  readonly endpoint: string;
  /** The configured `commandTimeoutMilliseconds`. */
  readonly commandTimeoutMilliseconds: number;
}

/** Said after connection failures: what to check, and that pc reconnects by itself. */
const CONNECTION_HINT =
  'check the connection options ("url", "redisOptions", "clusterNodes" or "client"); ' +
  'pc reconnects by itself (backoff capped by "maxReconnectDelayMilliseconds")';

/** Builds the `TimeoutError` of an operation that ran past its deadline. */
export function redisTimeoutError(context: RedisFailureContext, cause?: unknown): TimeoutError {
  return wrapBackendError(cause, { ...failure(context), timedOut: true }) as TimeoutError;
}

/**
 * Maps whatever ioredis rejects with (connection errors, `ReplyError`s, its own
 * command timeouts) to pc's typed errors, keeping the original as `cause`.
 */
export function toPcError(error: unknown, context: RedisFailureContext): PcError {
  // A ReplyError is Redis answering: the connection is fine.
  const answered = error instanceof Error && error.name === 'ReplyError';
  return wrapBackendError(error, {
    ...failure(context),
    hint: answered ? undefined : CONNECTION_HINT,
  });
}

function failure(context: RedisFailureContext) {
  return {
    adapter: 'redis',
    operation: context.operation,
    address: context.endpoint,
    deadline: {
      milliseconds: context.commandTimeoutMilliseconds,
      option: 'commandTimeoutMilliseconds',
    },
  };
}
