import { Agent, request } from 'node:http';

/** One JSON reply and how long it took, client side. */
export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
  /** Time from sending the request to the last byte of the reply, in milliseconds. */
  readonly milliseconds: number;
}

/** A keep-alive JSON client for one base URL (loopback). */
export class JsonClient {
  readonly #url: URL;
  readonly #agent: Agent;

  constructor(baseUrl: string, maxSockets: number) {
    this.#url = new URL(baseUrl);
    this.#agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(method: string, path: string, body?: unknown): Promise<JsonReply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: this.#url.hostname,
          port: this.#url.port,
          method,
          path,
          agent: this.#agent,
          headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              parsed = text;
            }
            resolve({
              status: response.statusCode ?? 0,
              body: parsed,
              milliseconds: performance.now() - started,
            });
          });
        },
      );
      outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`${method} ${path} timed out`)));
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  /** `send`, requiring a 2xx reply. */
  async expect(method: string, path: string, body?: unknown): Promise<JsonReply> {
    const reply = await this.send(method, path, body);
    if (reply.status < 200 || reply.status > 299) {
      throw new Error(`${method} ${path} -> ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    return reply;
  }

  close(): void {
    this.#agent.destroy();
  }
}
