import { connect, type Socket } from 'node:net';
import { MemcachedReplyParser, type ReplyListener } from './memcached-reply-parser.js';
import { LineOutcome, type MemcachedRequest } from './memcached-request.js';

/** Why a connection closed, which decides whether its server is skipped for a while. */
export type ConnectionEnd =
  /** Connecting failed, or the connection broke with requests in flight: the server looks down. */
  | 'failed'
  /** The server sent bytes that are not memcached's text protocol. */
  | 'protocol'
  /** Closed on purpose: idle, silent with nobody waiting, reset after an error reply, or closing. */
  | 'closed';

/** What a connection tells the server it belongs to. */
export interface ConnectionOwner {
  /** The connection opened (the server answers again). */
  connected(connection: MemcachedConnection): void;
  /**
   * The connection is gone; its requests are about to fail with `cause`.
   * @returns a hint for their error messages (which option to change), or `''`.
   */
  closed(connection: MemcachedConnection, end: ConnectionEnd, cause: Error): string;
  /** Turns a failure of one request into the error its call rejects with. */
  failure(request: MemcachedRequest, cause: Error, hint: string): Error;
}

/** Bytes a connection moved and looked at, for counters. */
export interface ConnectionTraffic {
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly bytesScanned: number;
}

/**
 * One TCP connection to one memcached. Requests are pipelined: each is written
 * as soon as it is sent (writes of one tick leave in one syscall) and waits in a
 * FIFO; replies come back in the same order, so every parsed item or line
 * belongs to the oldest request. A request whose call gave up (timed out) stays
 * in the FIFO and its reply is read and dropped, which keeps the stream in step.
 *
 * The socket never keeps the process alive by itself (the calls' deadline timers
 * do while calls are pending), and closes after `idleMilliseconds` without traffic.
 */
export class MemcachedConnection implements ReplyListener {
  /** Requests sent and not yet answered, abandoned ones included. */
  pending = 0;
  readonly #owner: ConnectionOwner;
  readonly #socket: Socket;
  readonly #parser: MemcachedReplyParser;
  #head: MemcachedRequest | undefined;
  #tail: MemcachedRequest | undefined;
  #bytesReceived = 0;
  /** Commands of this tick not written yet. */
  #outgoing: string | undefined;
  #flushScheduled = false;
  #corked = false;
  #connected = false;
  #closed = false;

  constructor(host: string, port: number, idleMilliseconds: number, owner: ConnectionOwner) {
    this.#owner = owner;
    this.#parser = new MemcachedReplyParser(this);
    const socket = connect({ host, port, noDelay: true, keepAlive: true });
    this.#socket = socket;
    socket.unref();
    socket.setTimeout(idleMilliseconds);
    socket.on('connect', () => {
      this.#connected = true;
      this.#owner.connected(this);
    });
    socket.on('data', (chunk: Buffer) => {
      this.#bytesReceived += chunk.length;
      this.#parser.push(chunk);
    });
    socket.on('timeout', () => {
      if (this.pending === 0) this.close();
    });
    socket.on('error', (error) => {
      this.#end(this.#connected && this.pending === 0 ? 'closed' : 'failed', error);
    });
    socket.on('close', () => {
      const cause = new Error('the server closed the connection');
      this.#end(this.pending === 0 ? 'closed' : 'failed', cause);
    });
  }

  /** `true` once the TCP connection is established (and until it closes). */
  get connected(): boolean {
    return this.#connected && !this.#closed;
  }

  get traffic(): ConnectionTraffic {
    return {
      bytesSent: this.#socket.bytesWritten,
      bytesReceived: this.#bytesReceived,
      bytesScanned: this.#parser.bytesScanned,
    };
  }

  /** Queues `request` and writes `command` (and `data`, a value's bytes, when given). */
  send(request: MemcachedRequest, command: string, data?: Buffer): void {
    request.receivedAtSend = this.#bytesReceived;
    const tail = this.#tail;
    if (tail === undefined) this.#head = request;
    else tail.next = request;
    this.#tail = request;
    this.pending++;
    // Commands of one tick leave in one write: joined as a string, or corked
    // when a value is a Buffer.
    if (data === undefined && this.#outgoing !== undefined) {
      this.#outgoing += command;
      return;
    }
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(this.#flush);
    }
    if (data === undefined) {
      this.#outgoing = command;
      return;
    }
    const socket = this.#socket;
    if (!this.#corked) {
      this.#corked = true;
      socket.cork();
    }
    if (this.#outgoing !== undefined) {
      socket.write(this.#outgoing);
      this.#outgoing = undefined;
    }
    socket.write(command);
    socket.write(data);
    socket.write('\r\n');
  }

  /**
   * Closes the connection when nobody waits for any of its requests any more and
   * nothing arrived since the oldest was sent: a server that stopped answering
   * would otherwise collect every later request behind the lost ones. Calls
   * still waiting keep it open until their own deadlines.
   */
  closeIfSilent(): void {
    const head = this.#head;
    if (this.#closed || head === undefined || head.receivedAtSend !== this.#bytesReceived) return;
    for (let request: MemcachedRequest | undefined = head; request; request = request.next) {
      if (!request.call.done) return;
    }
    this.#end('closed', new Error('the server stopped answering'));
  }

  /** Closes the connection; requests still waiting fail with `cause`. */
  close(cause: Error = new Error('the connection was closed')): void {
    this.#end('closed', cause);
  }

  onValue(key: string, data: Buffer, cas: string | undefined): void {
    const head = this.#head;
    if (head === undefined || !head.value(key, data, cas)) {
      this.onProtocolError(`an item for "${key}" that no request asked for`);
    }
  }

  onLine(line: string): void {
    const head = this.#head;
    if (head === undefined) {
      this.onProtocolError(`a reply nobody asked for: ${JSON.stringify(line)}`);
      return;
    }
    const outcome = head.line(line);
    if (outcome === LineOutcome.ProtocolError) {
      this.onProtocolError(`an unexpected reply to ${head.call.command}: ${JSON.stringify(line)}`);
      return;
    }
    this.#head = head.next;
    if (this.#head === undefined) this.#tail = undefined;
    this.pending--;
    if (outcome === LineOutcome.DoneReset) {
      this.#end(
        'closed',
        new Error(`the connection was reset after the reply ${JSON.stringify(line)}`),
      );
    }
  }

  onProtocolError(message: string): void {
    this.#end('protocol', new Error(`the server sent ${message}; is this port a memcached?`));
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#closed) return;
    const socket = this.#socket;
    if (this.#outgoing !== undefined) {
      socket.write(this.#outgoing);
      this.#outgoing = undefined;
    }
    if (this.#corked) {
      this.#corked = false;
      socket.uncork();
    }
  };

  #end(end: ConnectionEnd, cause: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#outgoing = undefined;
    this.#parser.stop();
    this.#socket.destroy();
    const hint = this.#owner.closed(this, end, cause);
    let request = this.#head;
    this.#head = undefined;
    this.#tail = undefined;
    this.pending = 0;
    while (request !== undefined) {
      if (!request.call.done) request.fail(this.#owner.failure(request, cause, hint));
      request = request.next;
    }
  }
}
