import { BackendUnavailableError, TimeoutError } from '@pc/core';
import { freezeProcess, type RedisServerHandle, startRedis, thawProcess } from '@pc/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../src/index.js';
import { DEADLINE_SLACK_MILLISECONDS, eventually, PATIENT } from './helpers.js';

const COMMAND_TIMEOUT = 300;
// A behaviour bound (the call must not hang), not a benchmark: generous on a busy machine.
const BOUND = COMMAND_TIMEOUT + DEADLINE_SLACK_MILLISECONDS;

let server: RedisServerHandle;
/** The adapter under test, with a short deadline. */
let adapter: RedisAdapter;
/**
 * The same namespace with a generous deadline, for the writes and reads that set a
 * test up or check its outcome: on a busy machine those may take longer than
 * COMMAND_TIMEOUT, and they are not what the tests measure.
 */
let patient: RedisAdapter;

beforeAll(async () => {
  server = await startRedis();
  adapter = createRedisAdapter({
    namespace: 'failure',
    url: server.url,
    commandTimeoutMilliseconds: COMMAND_TIMEOUT,
    connectTimeoutMilliseconds: COMMAND_TIMEOUT,
    maxReconnectDelayMilliseconds: 200,
  });
  patient = createRedisAdapter({
    namespace: 'failure',
    url: server.url,
    ...PATIENT,
    maxReconnectDelayMilliseconds: 200,
  });
});

afterAll(async () => {
  await adapter?.dispose();
  await patient?.dispose();
  await server?.stop();
});

async function timed(
  operation: () => Promise<unknown>,
): Promise<{ error: unknown; elapsed: number }> {
  const started = performance.now();
  const error = await operation().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error, elapsed: performance.now() - started };
}

describe('failure behaviour', () => {
  it('a server that stops answering gives TimeoutError within commandTimeoutMilliseconds', async () => {
    await patient.set('k', { payload: 'v' });
    await freezeProcess(server.pid);
    try {
      for (const operation of [() => adapter.get('k'), () => adapter.getMany(['k', 'j'])]) {
        const { error, elapsed } = await timed(operation);
        expect(TimeoutError.isInstance(error), String(error)).toBe(true);
        expect((error as Error).message).toContain('"commandTimeoutMilliseconds"');
        expect(elapsed).toBeLessThan(BOUND);
      }
    } finally {
      thawProcess(server.pid);
    }
    // The adapter under test recovers by itself once the server answers again.
    expect((await eventually(() => adapter.get('k')))?.payload).toBe('v');
  });

  it('commands started at different times each time out on their own deadline, never early', async () => {
    await patient.set('k', { payload: 'v' });
    await freezeProcess(server.pid);
    try {
      const first = timed(() => adapter.get('k'));
      await new Promise((resolve) => setTimeout(resolve, COMMAND_TIMEOUT / 2));
      const second = timed(() => adapter.getMany(['k', 'j']));
      for (const { error, elapsed } of [await first, await second]) {
        expect(TimeoutError.isInstance(error), String(error)).toBe(true);
        expect(elapsed).toBeGreaterThanOrEqual(COMMAND_TIMEOUT - 1);
        expect(elapsed).toBeLessThan(BOUND);
      }
    } finally {
      thawProcess(server.pid);
    }
    // The adapter under test recovers by itself once the server answers again.
    expect((await eventually(() => adapter.get('k')))?.payload).toBe('v');
  });

  it('a killed server gives BackendUnavailableError at once; the adapter works after restart', async () => {
    await patient.set('k', { payload: 'v' });
    const inFlight = Array.from({ length: 50 }, (_, index) =>
      adapter.set(`in-flight-${index}`, { payload: 'x' }).then(
        () => 'stored',
        (error: unknown) => error,
      ),
    );
    await server.kill();
    for (const outcome of await Promise.all(inFlight)) {
      if (outcome !== 'stored')
        expect(BackendUnavailableError.isInstance(outcome), String(outcome)).toBe(true);
    }
    const operations = [
      () => adapter.get('k'),
      () => adapter.getMany(['k']),
      () => adapter.set('k', { payload: 'w' }),
      () => adapter.setMany([['k', { payload: 'w' }]]),
      () => adapter.delete('k'),
      () => adapter.deleteMany(['k']),
      () => adapter.clear(),
    ];
    for (const operation of operations) {
      const { error, elapsed } = await timed(operation);
      expect(BackendUnavailableError.isInstance(error), String(error)).toBe(true);
      expect((error as { cause?: unknown }).cause).toBeDefined();
      expect(elapsed).toBeLessThan(BOUND);
    }

    await server.restart();
    // The restarted server is empty; the adapter reconnects within its backoff.
    expect(await eventually(() => adapter.get('k'))).toBeUndefined();
    // Retried: on a busy machine one call may still miss the short deadline.
    expect(await eventually(() => adapter.set('k', { payload: 'back' }))).toBe(true);
    expect((await eventually(() => adapter.get('k')))?.payload).toBe('back');
  });
});
