import { ClosedError } from '@pc/core';
import {
  type ConnectionEnd,
  type ConnectionOwner,
  type ConnectionTraffic,
  MemcachedConnection,
} from './memcached-connection.js';
import type { MemcachedRequest } from './memcached-request.js';

/** How much longer a server is skipped after each further failed attempt, at most (2^3). */
const MAX_BACKOFF_DOUBLINGS = 3;

/** What a server needs from the client's options. */
export interface MemcachedServerSettings {
  readonly poolSize: number;
  readonly idleMilliseconds: number;
  readonly retryDelayMilliseconds: number;
}

/**
 * One memcached of the pool: up to `poolSize` connections, opened on demand, and
 * whether the server is skipped after a connection failure.
 *
 * Only connection failures skip a server (refused, reset with requests in flight,
 * bytes that are not the protocol), for `retryDelayMilliseconds`, doubled after
 * each further failed attempt up to 8 times as long, until a connection opens.
 * An error reply to one command (`SERVER_ERROR out of memory storing object`,
 * an item too large) fails that command only.
 */
export class MemcachedServer implements ConnectionOwner {
  readonly location: string;
  readonly #host: string;
  readonly #port: number;
  readonly #settings: MemcachedServerSettings;
  #connections: MemcachedConnection[] = [];
  /** `performance.now()` until which the server is skipped; 0 when it is not. */
  #skippedUntil = 0;
  #failedAttempts = 0;
  #lastFailure: Error | undefined;
  #closedTraffic = { bytesSent: 0, bytesReceived: 0, bytesScanned: 0 };
  #closing = false;

  constructor(location: string, settings: MemcachedServerSettings) {
    this.location = location;
    const colon = location.lastIndexOf(':');
    this.#host = location.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    this.#port = Number(location.slice(colon + 1));
    this.#settings = settings;
  }

  /** Sends `request` on the least busy connection, or fails it at once while the server is skipped. */
  send(request: MemcachedRequest, command: string, data?: Buffer): void {
    if (this.#closing) {
      request.fail(new ClosedError('[pc:memcached] the client is closed'));
      return;
    }
    if (this.#skippedUntil !== 0) {
      const remaining = this.#skippedUntil - performance.now();
      if (remaining > 0) {
        request.fail(this.#skippedError(request, remaining));
        return;
      }
      this.#skippedUntil = 0;
    }
    this.#connection().send(request, command, data);
  }

  /** Closes connections whose server stopped answering and on which nobody waits any more. */
  closeSilentConnections(): void {
    for (const connection of [...this.#connections]) connection.closeIfSilent();
  }

  /** Closes every connection; requests still waiting reject with `ClosedError`. */
  close(): void {
    this.#closing = true;
    const error = new ClosedError('[pc:memcached] the client was closed while the operation ran');
    for (const connection of [...this.#connections]) connection.close(error);
  }

  /** Bytes moved and parsed on every connection this server had. */
  get traffic(): ConnectionTraffic {
    const total = { ...this.#closedTraffic };
    for (const connection of this.#connections) addTraffic(total, connection.traffic);
    return total;
  }

  connected(): void {
    this.#failedAttempts = 0;
  }

  closed(connection: MemcachedConnection, end: ConnectionEnd, cause: Error): string {
    this.#connections = this.#connections.filter((each) => each !== connection);
    addTraffic(this.#closedTraffic, connection.traffic);
    if (end === 'closed') return '';
    const delay = this.#settings.retryDelayMilliseconds;
    if (delay === 0) return '';
    this.#lastFailure = cause;
    const now = performance.now();
    // Connections opened together fail together: one attempt, one doubling.
    if (this.#skippedUntil <= now) {
      const skipFor = delay * 2 ** Math.min(this.#failedAttempts, MAX_BACKOFF_DOUBLINGS);
      this.#failedAttempts++;
      this.#skippedUntil = now + skipFor;
    }
    return `the server is skipped for ${Math.ceil(this.#skippedUntil - now)} ms from now ("retryDelayMilliseconds")`;
  }

  failure(request: MemcachedRequest, cause: Error, hint: string): Error {
    return request.call.failure(cause, this.location, hint === '' ? {} : { hint });
  }

  /**
   * The connection for the next request: an open one without requests in flight,
   * else the open one with the fewest. A new connection opens (one at a time)
   * while every open one is busy and the pool has room, but the request does not
   * wait for it: requests go out on a connection that is already open, in the
   * order they were sent, and the new one takes later requests once it is open.
   */
  #connection(): MemcachedConnection {
    const connections = this.#connections;
    let best: MemcachedConnection | undefined;
    let opening: MemcachedConnection | undefined;
    for (const connection of connections) {
      if (!connection.connected) {
        opening ??= connection;
        continue;
      }
      if (connection.pending === 0) return connection;
      if (best === undefined || connection.pending < best.pending) best = connection;
    }
    if (opening === undefined && connections.length < this.#settings.poolSize) {
      opening = new MemcachedConnection(
        this.#host,
        this.#port,
        this.#settings.idleMilliseconds,
        this,
      );
      connections.push(opening);
    }
    return best ?? opening ?? connections[0]!;
  }

  #skippedError(request: MemcachedRequest, remaining: number): Error {
    // The cause is the connection failure that got the server skipped.
    return request.call.failure(this.#lastFailure, this.location, {
      hint: `the server is skipped for ${Math.ceil(remaining)} ms more after that connection failure ("retryDelayMilliseconds" sets how long)`,
    });
  }
}

function addTraffic(
  total: { bytesSent: number; bytesReceived: number; bytesScanned: number },
  traffic: ConnectionTraffic,
): void {
  total.bytesSent += traffic.bytesSent;
  total.bytesReceived += traffic.bytesReceived;
  total.bytesScanned += traffic.bytesScanned;
}
