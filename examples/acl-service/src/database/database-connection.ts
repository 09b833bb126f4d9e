import { connect, type Socket } from 'node:net';
import type { DatabaseRequest, DatabaseResponse } from './database-protocol.js';

type Request = DatabaseRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

/** Thrown when the database refuses statements (the demo's outage) or the socket is gone. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/**
 * One socket to the database process: requests are written as JSON lines and
 * matched to their answers by id, so any number may be in flight at once.
 */
export class DatabaseConnection {
  readonly #socket: Socket;
  readonly #pending = new Map<
    number,
    { resolve: (response: DatabaseResponse) => void; reject: (error: Error) => void }
  >();
  #nextId = 1;
  #buffered = '';
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#receive(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      for (const { reject } of this.#pending.values()) {
        reject(new DatabaseUnavailableError('[acl-service] the database connection closed'));
      }
      this.#pending.clear();
    });
  }

  static open(port: number): Promise<DatabaseConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new DatabaseConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one request; rejects with the database's error message. */
  async send(request: Request): Promise<DatabaseResponse> {
    if (this.#closed) {
      throw new DatabaseUnavailableError('[acl-service] the database connection is closed');
    }
    const id = this.#nextId++;
    const response = await new Promise<DatabaseResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.write(`${JSON.stringify({ ...request, id })}\n`);
    });
    if (response.error !== undefined) {
      if (response.unavailable === true) {
        throw new DatabaseUnavailableError(`[acl-service] ${response.error}`);
      }
      // The SQLSTATE travels with the message: the HTTP layer maps 23503 to 404.
      throw Object.assign(new Error(`[acl-service] database: ${response.error}`), {
        code: response.code,
      });
    }
    return response;
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.end();
    });
  }

  #receive(chunk: string): void {
    this.#buffered += chunk;
    let newline = this.#buffered.indexOf('\n');
    while (newline >= 0) {
      const response = JSON.parse(this.#buffered.slice(0, newline)) as DatabaseResponse;
      this.#buffered = this.#buffered.slice(newline + 1);
      newline = this.#buffered.indexOf('\n');
      const waiter = this.#pending.get(response.id);
      this.#pending.delete(response.id);
      waiter?.resolve(response);
    }
  }
}
