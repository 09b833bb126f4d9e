import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import { PcError } from '../errors/pc-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { backendFailureHint, isTimeoutFailure } from './backend-failure-hint.js';

/** Where and in what a backend failed, for `wrapBackendError`. */
export interface BackendFailure {
  /** The adapter's name, as in every pc message: `"memcached"` gives `[pc:memcached]`. */
  readonly adapter: string;
  /**
   * The adapter operation the caller called (`"set"`), which is what the caller
   * needs to read, even when it failed in another backend command.
   */
  readonly operation: string;
  /**
   * Where the backend is: `"127.0.0.1:11211"`, a cluster's first node, a
   * directory. Never put credentials here: it goes into the message.
   */
  readonly address: string;
  /**
   * The backend command or step that failed inside `operation`, when it differs
   * from it (`"get"` of a bookkeeping record inside a `set`).
   * @default undefined (not named)
   */
  readonly step?: string | undefined;
  /**
   * The operation's deadline and the option that sets it, named in the message
   * when the failure is a timeout.
   * @default undefined (the message names no option)
   */
  readonly deadline?: { readonly milliseconds: number; readonly option: string } | undefined;
  /**
   * `true` when the adapter's own deadline passed; otherwise a timeout is
   * recognized from `cause` (`ETIMEDOUT`, "timed out").
   * @default false
   */
  readonly timedOut?: boolean | undefined;
  /**
   * What else to tell (how the adapter retries, which options connect it),
   * appended after the kit's hint for the common cases.
   * @default undefined
   */
  readonly hint?: string | undefined;
}

/**
 * For adapters: turns what a backend call rejected with into pc's typed error,
 * with `cause` as the error's `cause`. A message names the adapter, the
 * operation the caller called (and the failing step, when it differs), the
 * server's address, what went wrong, and what to check for the common cases
 * ("is the memcached server running at 127.0.0.1:11211?").
 * - A pc error (`ClosedError`, or one this kit already made) is returned as is.
 * - A timeout becomes `TimeoutError`, naming the deadline's option.
 * - Anything else becomes `BackendUnavailableError`.
 */
export function wrapBackendError(cause: unknown, failure: BackendFailure): PcError {
  if (PcError.isInstance(cause)) return cause;
  const { adapter, operation, address, step, deadline } = failure;
  const what = step === undefined || step === operation ? operation : `${operation} (${step})`;
  const reason = cause === undefined ? '' : cause instanceof Error ? cause.message : String(cause);
  const hints: string[] = [];
  const common = backendFailureHint(cause, adapter, address);
  if (common !== undefined) hints.push(common);
  if (failure.timedOut === true || isTimeoutFailure(cause)) {
    const within = deadline === undefined ? '' : ` within ${deadline.milliseconds} ms`;
    hints.push(
      deadline === undefined
        ? 'check that the server is reachable and not overloaded'
        : `set "${deadline.option}" to allow more time if the server is just slow`,
    );
    if (failure.hint !== undefined) hints.push(failure.hint);
    return new TimeoutError(
      `[pc:${adapter}] ${what} on ${address} got no answer${within}${reason === '' ? '' : ` (${reason})`}; ${joinHints(hints)}`,
      { cause },
    );
  }
  if (failure.hint !== undefined) hints.push(failure.hint);
  const tail = hints.length === 0 ? '' : `; ${joinHints(hints)}`;
  return new BackendUnavailableError(
    `[pc:${adapter}] ${what} on ${address} failed${reason === '' ? '' : `: ${reason}`}${tail}`,
    { cause },
  );
}

/** Hints in one line: `; ` between them, a space after a question. */
function joinHints(hints: readonly string[]): string {
  return hints.reduce((line, hint) =>
    line.endsWith('?') ? `${line} ${hint}` : `${line}; ${hint}`,
  );
}
