import { Redis } from 'ioredis';

let counter = 0;
const RUN = Math.random().toString(36).slice(2, 8);

/** A namespace (or channel) no other test uses. */
export function uniqueName(label: string): string {
  counter += 1;
  return `${label}-${RUN}-${counter}`;
}

/** Retries `check` every 25 ms until it resolves, failing after `milliseconds`. */
export async function eventually<T>(check: () => Promise<T> | T, milliseconds = 5000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** A plain ioredis client for looking behind the adapter's back; quit it after use. */
export function rawClient(port: number): Redis {
  return new Redis(port, '127.0.0.1', { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** Calls per command name from `INFO commandstats`, e.g. `{ mget: 1, get: 0 }`. */
export async function commandCalls(client: Redis): Promise<Record<string, number>> {
  const info = await client.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    calls[match[1]!] = Number(match[2]);
  }
  return calls;
}
