import { BackendUnavailableError } from '@pc/core';
import { type MemcachedPoolHandle, startMemcachedPool } from '@pc/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { escapedKey, type RawClient, rawClient, uniqueNamespace } from './helpers.js';

const TIMEOUT_MILLISECONDS = 400;
const RETRY_DELAY_MILLISECONDS = 200;
/** Timers run late on a busy machine; this bounds behaviour, it is no benchmark. */
const SCHEDULING_SLACK_MILLISECONDS = 600;

/** Settles `operation`, timing it. */
async function timed(operation: () => Promise<unknown>) {
  const started = performance.now();
  try {
    return { value: await operation(), elapsed: performance.now() - started };
  } catch (error) {
    return { error, elapsed: performance.now() - started };
  }
}

describe('a pool with one server killed', () => {
  let pool: MemcachedPoolHandle;
  let ring: RawClient;
  const namespace = uniqueNamespace('pool');
  const keys = Array.from({ length: 30 }, (_, index) => `key-${index}`);

  beforeAll(async () => {
    pool = await startMemcachedPool();
    ring = rawClient(pool.locations);
  });
  afterAll(async () => {
    ring.end();
    await pool.stop();
  });

  it('fails only the dead server’s keys, with typed errors within the timeout, and recovers after a restart', async () => {
    const adapter = createMemcachedAdapter({
      servers: pool.locations,
      namespace,
      timeoutMilliseconds: TIMEOUT_MILLISECONDS,
      retryDelayMilliseconds: RETRY_DELAY_MILLISECONDS,
    });
    const victim = pool.servers[0]!;
    const onVictim = (key: string) =>
      ring.serverFor(escapedKey(namespace, key)) === victim.location;
    const dead = keys.filter(onVictim);
    const alive = keys.filter((key) => !onVictim(key));
    expect(dead.length).toBeGreaterThan(0);
    expect(alive.length).toBeGreaterThan(0);
    await adapter.setMany(keys.map((key) => [key, { payload: key }]));

    await victim.kill();

    for (const key of keys) {
      const outcome = await timed(() => adapter.get(key));
      if (dead.includes(key)) {
        expect(BackendUnavailableError.isInstance(outcome.error), `${key}: ${outcome.error}`).toBe(
          true,
        );
        expect(outcome.elapsed).toBeLessThan(TIMEOUT_MILLISECONDS + SCHEDULING_SLACK_MILLISECONDS);
      } else {
        expect(outcome, key).toMatchObject({ value: { payload: key } });
      }
    }
    const write = await timed(() => adapter.set(dead[0]!, { payload: 'new' }));
    expect(BackendUnavailableError.isInstance(write.error)).toBe(true);
    expect(write.elapsed).toBeLessThan(TIMEOUT_MILLISECONDS + SCHEDULING_SLACK_MILLISECONDS);
    // The rest keeps working: reads, multi-gets and writes on the live servers.
    expect((await adapter.getMany(alive)).map((found) => found?.payload)).toEqual(alive);
    expect(await adapter.set(alive[0]!, { payload: 'updated' })).toBe(true);
    expect((await adapter.get(alive[0]!))?.payload).toBe('updated');
    // A multi-get that needs the dead server rejects as a whole: adapters report
    // errors and the Cache decides (it reads them as misses and loads).
    await expect(adapter.getMany(keys)).rejects.toSatisfy((error) =>
      BackendUnavailableError.isInstance(error),
    );

    await victim.restart();
    const deadline = Date.now() + 5000;
    let restored: unknown;
    while (Date.now() < deadline) {
      restored = await adapter.set(dead[0]!, { payload: 'back' }).catch((error: unknown) => error);
      if (restored === true) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MILLISECONDS / 2));
    }
    expect(restored).toBe(true);
    expect((await adapter.get(dead[0]!))?.payload).toBe('back');
    // The restarted server lost its data: its other keys miss, nothing stale returns.
    expect(await adapter.getMany(dead.slice(1))).toEqual(dead.slice(1).map(() => undefined));
    await adapter.dispose();
  });
});
