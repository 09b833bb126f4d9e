import { fileURLToPath } from 'node:url';
import {
  bundleForChildProcess,
  findFreePort,
  runExitFixture,
  testServices,
} from '@pc/test-services';
import { beforeAll, describe, expect, it } from 'vitest';

// Issue 14, item 9: with Redis down, a process used to stay alive ~2 s after
// dispose() (a reconnect timer), for the adapter and the bus alike.
const FIXTURE = fileURLToPath(new URL('./fixtures/exits-on-its-own.mjs', import.meta.url));
/** Only tells "exits" from "hangs": generous, a loaded machine starts Node slowly. */
const EXIT_BOUND_MILLISECONDS = 10_000;

const { redis } = testServices();
let bundle: string;

beforeAll(async () => {
  const built = await bundleForChildProcess({
    entry: fileURLToPath(new URL('../src/index.ts', import.meta.url)),
    // Inside this package's node_modules, so the bundle resolves ioredis from here.
    outDir: fileURLToPath(
      new URL(`../node_modules/.cache/pc-exit-${process.pid}/`, import.meta.url),
    ),
    external: ['ioredis', 'cluster-key-slot'],
  });
  bundle = built.module;
  return built.cleanup;
});

/** Runs the fixture; returns what its operations rejected with (it must leave no timer). */
function runFixture(scenario: string, url: string): Promise<string[]> {
  return runExitFixture(FIXTURE, [bundle, scenario, url], EXIT_BOUND_MILLISECONDS);
}

describe('a process exits by itself after dispose()', () => {
  for (const scenario of ['adapter', 'bus']) {
    it(`${scenario}, Redis down: its operations fail, dispose() leaves no timer, the process exits`, async () => {
      // A port nobody listens on: connections are refused at once.
      const errors = await runFixture(scenario, `redis://127.0.0.1:${await findFreePort()}`);
      expect(errors.length).toBe(2);
      for (const code of errors) expect(code).toMatch(/^PC_(BACKEND_UNAVAILABLE|TIMEOUT)$/);
    });

    it(`${scenario}, Redis up: dispose() leaves no timer, the process exits`, async () => {
      expect(await runFixture(scenario, redis.url)).toEqual([]);
    });
  }
});
