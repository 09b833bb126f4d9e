import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** What a route handler gets: path parameters, query string and the parsed JSON body. */
export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** A route's reply: a status and a JSON body. */
export interface RouteReply {
  readonly status: number;
  readonly body: unknown;
}

type Handler = (request: RouteRequest) => Promise<RouteReply>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

/** A tiny method + path router (`/users/:userId/groups`); enough for a demo, no framework. */
export class Router {
  readonly #routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  async handle(request: IncomingMessage): Promise<RouteReply> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let pathMatched = false;
    for (const route of this.#routes) {
      const match = route.pattern.exec(url.pathname);
      if (match === null) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      const body = await readJsonBody(request);
      return route.handler({ params, query: url.searchParams, body });
    }
    throw pathMatched
      ? new HttpError(405, `method ${request.method} is not allowed on ${url.pathname}`)
      : new HttpError(404, `no route for ${url.pathname}`);
  }
}

const MAX_BODY_BYTES = 64 * 1024;

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}
