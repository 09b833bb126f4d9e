import { Redis } from 'ioredis';

/**
 * Deadlines of adapters in tests that are not about deadlines: generous, so the
 * tests hold on a busy machine (two cores saturated, where a 16 MiB value or a
 * 2,500-key setMany can take seconds). Only the deadline tests (failure.test.ts,
 * the compareAndSet deadline test, the conformance suite's unreachable-backend
 * group) use short deadlines, and they assert with margins.
 */
export const PATIENT = {
  commandTimeoutMilliseconds: 10_000,
  connectTimeoutMilliseconds: 10_000,
} as const;

/**
 * What a deadline test allows beyond the deadline it measures, in milliseconds: a
 * call must settle by then (no hang), but a timer or a reply can be seconds late
 * on a saturated machine.
 */
export const DEADLINE_SLACK_MILLISECONDS = 5000;

let counter = 0;
const RUN = Math.random().toString(36).slice(2, 8);

/** A namespace (or channel) no other test uses. */
export function uniqueName(label: string): string {
  counter += 1;
  return `${label}-${RUN}-${counter}`;
}

/**
 * Retries `check` every 25 ms until it resolves, failing after `milliseconds`
 * (generous by default: it only waits that long when something is wrong, or the
 * machine is busy).
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  milliseconds = 15_000,
): Promise<T> {
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
