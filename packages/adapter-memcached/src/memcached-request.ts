import { BackendUnavailableError } from '@pc/core';
import type { MemcachedCall } from './memcached-call.js';

/** How a reply line leaves the request and its connection. */
export const LineOutcome = {
  /** The reply is complete. */
  Done: 1,
  /**
   * The request failed in a way that may leave unread bytes behind (an error in
   * the middle of a multi-get, a command the server did not understand): the
   * connection must be closed so no later request reads them.
   */
  DoneReset: 2,
  /** The line makes no sense for this request: the stream is out of step. */
  ProtocolError: 3,
} as const;
export type LineOutcome = (typeof LineOutcome)[keyof typeof LineOutcome];

/**
 * One command sent on a connection, waiting in its FIFO for the reply. Replies
 * come back in the order commands were sent, so the connection hands every
 * parsed line and value to the oldest request.
 */
export abstract class MemcachedRequest {
  /** Next request on the same connection. */
  next: MemcachedRequest | undefined = undefined;
  /** Bytes the connection had received when this request was sent (to spot a silent server). */
  receivedAtSend = 0;
  readonly call: MemcachedCall;
  readonly server: string;

  constructor(call: MemcachedCall, server: string) {
    this.call = call;
    this.server = server;
  }

  /** One `VALUE` item. @returns `false` when this request cannot receive one (out of step). */
  value(_key: string, _data: Buffer, _cas: string | undefined): boolean {
    return false;
  }

  abstract line(line: string): LineOutcome;

  /** The reply could not be read (connection lost, protocol error, server skipped). */
  fail(error: Error): void {
    this.call.fail(error);
  }

  /** Fails the call with the error line the server sent. */
  protected serverError(line: string): void {
    this.call.fail(
      new BackendUnavailableError(
        `[pc:memcached] ${this.call.command} on ${this.server} failed: the server answered ${JSON.stringify(line)}`,
      ),
    );
  }

  /** The common end of every reply that is not this request's: an error line, or out of step. */
  protected otherLine(line: string): LineOutcome {
    if (line.startsWith('SERVER_ERROR')) {
      this.serverError(line);
      return LineOutcome.Done;
    }
    if (line === 'ERROR' || line.startsWith('CLIENT_ERROR')) {
      this.serverError(line);
      return LineOutcome.DoneReset;
    }
    return LineOutcome.ProtocolError;
  }
}

/**
 * `get`/`gets` of keys of one server. memcached answers hits in the order the keys
 * were asked, misses left out, then `END`; an item for a key not asked (or out of
 * order) means the stream is out of step.
 */
export class RetrievalRequest extends MemcachedRequest {
  readonly #keys: readonly string[];
  readonly #values: Map<string, Buffer>;
  readonly #uniques: Map<string, string> | undefined;
  #position = 0;

  /**
   * @param values where hits go (shared by the requests of one call)
   * @param uniques where cas uniques go, for `gets`
   */
  constructor(
    call: MemcachedCall,
    server: string,
    keys: readonly string[],
    values: Map<string, Buffer>,
    uniques?: Map<string, string>,
  ) {
    super(call, server);
    this.#keys = keys;
    this.#values = values;
    this.#uniques = uniques;
  }

  override value(key: string, data: Buffer, cas: string | undefined): boolean {
    const keys = this.#keys;
    while (this.#position < keys.length && keys[this.#position] !== key) this.#position++;
    if (this.#position === keys.length) return false;
    this.#position++;
    if (this.#uniques !== undefined) {
      if (cas === undefined) return false;
      this.#uniques.set(key, cas);
    }
    if (!this.call.done) this.#values.set(key, data);
    return true;
  }

  line(line: string): LineOutcome {
    if (line === 'END') {
      this.call.replied();
      return LineOutcome.Done;
    }
    const outcome = this.otherLine(line);
    // memcached may have sent part of the items before the error.
    return outcome === LineOutcome.Done ? LineOutcome.DoneReset : outcome;
  }
}

/** Reply lines of a storage or delete command and what each means: stored (or deleted) or not. */
const STORAGE_REPLIES: Readonly<Record<string, boolean>> = {
  STORED: true,
  NOT_STORED: false,
  EXISTS: false,
  NOT_FOUND: false,
};
const DELETE_REPLIES: Readonly<Record<string, boolean>> = { DELETED: true, NOT_FOUND: false };

/**
 * `set`, `add`, `cas` or `delete` of one key: the call resolves with whether it
 * happened. `SERVER_ERROR` (out of memory, item too large) fails this call only;
 * the server and the connection keep working.
 */
export class MutationRequest extends MemcachedRequest {
  readonly #replies: Readonly<Record<string, boolean>>;

  constructor(call: MemcachedCall<boolean>, server: string, kind: 'storage' | 'delete') {
    super(call, server);
    this.#replies = kind === 'storage' ? STORAGE_REPLIES : DELETE_REPLIES;
  }

  line(line: string): LineOutcome {
    const happened = this.#replies[line];
    if (happened === undefined) return this.otherLine(line);
    (this.call as MemcachedCall<boolean>).result = happened;
    this.call.replied();
    return LineOutcome.Done;
  }
}

/** `version`: the call resolves with the server's version string. */
export class VersionRequest extends MemcachedRequest {
  line(line: string): LineOutcome {
    if (!line.startsWith('VERSION ')) return this.otherLine(line);
    (this.call as MemcachedCall<string>).result = line.slice('VERSION '.length);
    this.call.replied();
    return LineOutcome.Done;
  }
}
