import { fileURLToPath } from 'node:url';
import {
  bundleForChildProcess,
  findFreePort,
  runExitFixture,
  testServices,
} from '@pc/test-services';
import { beforeAll, describe, expect, it } from 'vitest';

// Issue 14, item 9: a process that used the adapter and forgot dispose() used to
// stay alive for the 5 s idle timeout; dispose() must leave nothing behind either.
const FIXTURE = fileURLToPath(new URL('./fixtures/exits-on-its-own.mjs', import.meta.url));
/** Only tells "exits" from "hangs" (the idle timeout is 5 s): generous, a loaded machine starts Node slowly. */
const EXIT_BOUND_MILLISECONDS = 10_000;

const { memcached } = testServices();
let bundle: string;

beforeAll(async () => {
  const built = await bundleForChildProcess({
    entry: fileURLToPath(new URL('../src/index.ts', import.meta.url)),
    outDir: fileURLToPath(
      new URL(`../node_modules/.cache/pc-exit-${process.pid}/`, import.meta.url),
    ),
  });
  bundle = built.module;
  return built.cleanup;
});

/** Runs the fixture; returns what its operations rejected with (it must leave no timer). */
function runFixture(scenario: string, server: string): Promise<string[]> {
  return runExitFixture(FIXTURE, [bundle, scenario, server], EXIT_BOUND_MILLISECONDS);
}

describe('a process exits by itself', () => {
  it('after using the adapter without dispose()', async () => {
    expect(await runFixture('no-dispose', `${memcached.host}:${memcached.port}`)).toEqual([]);
  });

  it('after dispose()', async () => {
    expect(await runFixture('dispose', `${memcached.host}:${memcached.port}`)).toEqual([]);
  });

  it('after dispose() with memcached down', async () => {
    const errors = await runFixture('dispose', `127.0.0.1:${await findFreePort()}`);
    expect(errors).toEqual(['PC_BACKEND_UNAVAILABLE', 'PC_BACKEND_UNAVAILABLE']);
  });

  it('with memcached down and no dispose()', async () => {
    const errors = await runFixture('no-dispose', `127.0.0.1:${await findFreePort()}`);
    expect(errors).toEqual(['PC_BACKEND_UNAVAILABLE', 'PC_BACKEND_UNAVAILABLE']);
  });
});
