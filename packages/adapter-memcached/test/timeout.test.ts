import { TimeoutError } from '@pc/core';
import {
  freezeProcess,
  type MemcachedServerHandle,
  startMemcached,
  thawProcess,
} from '@pc/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { uniqueNamespace } from './helpers.js';

const TIMEOUT_MILLISECONDS = 300;
/** Timers run late on a busy machine; this bounds behaviour, it is no benchmark. */
const BOUND = TIMEOUT_MILLISECONDS + 700;

let server: MemcachedServerHandle;
let adapter: ReturnType<typeof createMemcachedAdapter>;

beforeAll(async () => {
  server = await startMemcached();
  adapter = createMemcachedAdapter({
    servers: [server.location],
    namespace: uniqueNamespace('timeout'),
    timeoutMilliseconds: TIMEOUT_MILLISECONDS,
  });
});

afterAll(async () => {
  await adapter?.dispose();
  await server?.stop();
});

async function timed(operation: () => Promise<unknown>) {
  const started = performance.now();
  const error = await operation().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error, elapsed: performance.now() - started };
}

describe('a server that stops answering', () => {
  it('calls started at different times each time out on their own deadline, never early', async () => {
    await adapter.set('k', { payload: 'v' });
    await freezeProcess(server.pid);
    try {
      const first = timed(() => adapter.get('k'));
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MILLISECONDS / 2));
      const second = timed(() => adapter.getMany(['k', 'j']));
      for (const { error, elapsed } of [await first, await second]) {
        expect(TimeoutError.isInstance(error), String(error)).toBe(true);
        expect((error as Error).message).toContain('"timeoutMilliseconds"');
        expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MILLISECONDS - 1);
        expect(elapsed).toBeLessThan(BOUND);
      }
    } finally {
      thawProcess(server.pid);
    }
  });
});
