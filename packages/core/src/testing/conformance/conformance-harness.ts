import { expect, vi } from 'vitest';
import type { AdapterCapabilities } from '../../contracts/adapter-capabilities.js';
import type { AdapterEntry } from '../../contracts/adapter-entry.js';
import type { AdapterTestContext } from '../../contracts/adapter-factory.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import type { PcError } from '../../errors/pc-error.js';
import type { AdapterConformanceOptions } from '../adapter-conformance-options.js';

/** What every group gets: the options, the probed capabilities and per-test helpers. */
export interface ConformanceHarness {
  readonly options: AdapterConformanceOptions & { readonly timeoutMilliseconds: number };
  /** Capabilities read from a probe adapter when the suite was registered. */
  readonly capabilities: AdapterCapabilities;
  /** A context with a namespace no other test uses (`suffix` derives related namespaces). */
  context(suffix?: string): AdapterTestContext;
  /** Builds an adapter for `context` (fresh by default); cleared and disposed after the test. */
  adapter(context?: AdapterTestContext): Promise<CacheAdapter>;
  /** Builds an unreachable adapter (requires `unreachableFactory`); disposed after the test. */
  unreachableAdapter(): Promise<CacheAdapter>;
  /** Clears and disposes what this test built; called by the suite after each test. */
  cleanup(): Promise<void>;
}

let runCounter = 0;
const RUN_ID = Math.random().toString(36).slice(2, 8);

export function createHarness(
  options: ConformanceHarness['options'],
  capabilities: AdapterCapabilities,
): ConformanceHarness {
  const built: Array<{ adapter: CacheAdapter; unreachable: boolean }> = [];
  const track = async (creating: CacheAdapter | Promise<CacheAdapter>, unreachable = false) => {
    const adapter = await creating;
    built.push({ adapter, unreachable });
    return adapter;
  };
  const unreachableBound = 3 * options.timeoutMilliseconds + 1000;
  return {
    options,
    capabilities,
    context(suffix = '') {
      runCounter += 1;
      return { namespace: `pc-${RUN_ID}-${runCounter}${suffix}` };
    },
    adapter(context) {
      return track(options.factory(context ?? this.context()));
    },
    unreachableAdapter() {
      const factory = options.unreachableFactory;
      if (factory === undefined) throw new Error('unreachableFactory is not set');
      return track(
        factory({
          ...this.context(),
          overrides: { unreachable: true, timeoutMilliseconds: options.timeoutMilliseconds },
        }),
        true,
      );
    },
    async cleanup() {
      vi.useRealTimers();
      for (const { adapter, unreachable } of built.splice(0).reverse()) {
        if (unreachable) {
          // Bounded: a broken adapter may hang on its lost backend; the failure test reports that.
          await withDeadline(
            Promise.resolve().then(() => adapter.dispose()),
            unreachableBound,
            'dispose',
          ).catch(() => undefined);
          continue;
        }
        // Best effort: the test may have disposed the adapter on purpose.
        await adapter.clear().catch(() => undefined);
        await adapter.dispose().catch(() => undefined);
      }
    },
  };
}

/** A payload entry without expiry. */
export function entry(payload: string, expiresAt?: number): AdapterEntry {
  return expiresAt === undefined ? { payload } : { payload, expiresAt };
}

/** The payloads of `getMany`/`get` results (`undefined` for misses). */
export function payloads(
  entries: ReadonlyArray<AdapterEntry | undefined>,
): Array<string | undefined> {
  return entries.map((found) => found?.payload);
}

/** Payload of one `get` result. */
export async function payloadOf(adapter: CacheAdapter, key: string): Promise<string | undefined> {
  return (await adapter.get(key))?.payload;
}

/**
 * Expects `operation` to reject (or throw) with an error of `errorClass`, matched
 * with `isInstance` so an adapter built against another copy of core passes.
 */
export async function expectPcError(
  operation: () => unknown,
  errorClass: typeof PcError,
  what = 'the operation',
): Promise<unknown> {
  let outcome: { error: unknown } | undefined;
  try {
    await operation();
  } catch (error) {
    outcome = { error };
  }
  if (outcome === undefined) {
    expect.fail(`${what} should reject with ${errorClass.name} (${errorClass.code}) but resolved`);
  }
  expect(
    errorClass.isInstance(outcome.error),
    `${what} should reject with ${errorClass.name} (${errorClass.code}), got ${describeError(outcome.error)}`,
  ).toBe(true);
  return outcome.error;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${code === undefined ? '' : ` [${String(code)}]`}: ${error.message}`;
  }
  return String(error);
}

/** Lists `adapter.keys()` sorted. */
export async function listKeys(adapter: CacheAdapter): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of adapter.keys!()) keys.push(key);
  return keys.sort();
}

/**
 * Writes a distinct payload under each key and checks that each key reads back
 * its own payload (no two keys share an entry) through `get` and `getMany`.
 */
export async function expectDistinctKeys(
  adapter: CacheAdapter,
  keys: readonly string[],
): Promise<void> {
  const written = keys.map((_, index) => `payload-${index}`);
  expect(await adapter.setMany(keys.map((key, index) => [key, entry(written[index]!)]))).toEqual(
    keys.map(() => true),
  );
  const read = payloads(await adapter.getMany(keys));
  const collisions = keys.flatMap((key, index) =>
    read[index] === written[index]
      ? []
      : [`${JSON.stringify(key)} read ${JSON.stringify(read[index])}`],
  );
  expect(collisions, 'keys that did not read back their own payload').toEqual([]);
  for (const [index, key] of keys.entries()) {
    expect(await payloadOf(adapter, key), `get(${JSON.stringify(key)})`).toBe(written[index]);
  }
}

/** Compares two long strings and reports the first difference instead of a huge diff. */
export function expectSameString(actual: string | undefined, expected: string, what: string): void {
  if (actual === expected) return;
  if (actual === undefined) expect.fail(`${what}: miss, expected ${expected.length} code units`);
  let index = 0;
  while (index < actual.length && actual.charCodeAt(index) === expected.charCodeAt(index))
    index += 1;
  expect.fail(
    `${what}: ${actual.length} code units read, ${expected.length} written; first difference at ` +
      `index ${index}: 0x${(actual.charCodeAt(index) || 0).toString(16)} vs 0x${(expected.charCodeAt(index) || 0).toString(16)}`,
  );
}

/** How a group moves time past an `expiresAt`; see `ConformanceExpiry`. */
export interface ExpiryControl {
  /** `true` for `expiry: 'clock'` (the suite fakes `Date` and jumps it). */
  readonly clock: boolean;
  /**
   * A TTL (ms) a test with real waits can afford to wait out: at least twice
   * `ttlPrecisionMilliseconds` (Memcached counts whole seconds, so a 1 s TTL can
   * end at once), and at least 100 ms. The first TTL `withShortTtl` tries.
   */
  readonly backendTtl: number;
  /**
   * Test timeout (ms) for a test that runs one `withShortTtl` scenario and waits
   * for one expiry; `undefined` on the fake clock.
   */
  readonly timeout: number | undefined;
  /** Fakes `Date` from the current time on (expiry 'clock'); does nothing with real waits. */
  startClock(): void;
  /**
   * Runs `scenario` with a TTL (ms) that ends within the test: 60 s on the fake
   * clock (jumped, never waited for); with real waits `backendTtl` first, and, each
   * time the scenario calls `beforeExpiry` too late, again with four times the TTL
   * (up to `MAX_SHORT_TTL_MILLISECONDS`). A busy machine can take longer than a
   * 100 ms TTL between a write and the read that must still see it; a longer TTL
   * then keeps that read meaningful instead of failing (or skipping) it.
   */
  withShortTtl(scenario: (ttl: number) => Promise<void>): Promise<void>;
  /**
   * Call right after awaiting an operation whose outcome depends on an entry
   * expiring at `expiresAt` still being live, and before asserting that outcome:
   * when the operation finished within `ttlPrecisionMilliseconds` of `expiresAt`
   * or later (only possible with real waits), the entry may rightly have expired,
   * so the `withShortTtl` attempt is abandoned and repeated with a longer TTL. An
   * operation that finished earlier must have met the entry live, so its outcome
   * is asserted as is.
   */
  beforeExpiry(expiresAt: number): void;
  /**
   * Jumps the fake clock past `expiresAt` (by the declared precision) and expects
   * `key` to be a miss; with real waits, polls `get(key)` until it is a miss and
   * fails once `expiresAt + 2 * precision + EXPIRY_MARGIN_MILLISECONDS` ms pass.
   */
  expectExpires(adapter: CacheAdapter, key: string, expiresAt: number): Promise<void>;
}

const POLL_MILLISECONDS = 25;
/**
 * How late (ms, beyond twice the declared precision) a backend may still return
 * an entry after its `expiresAt`. The adapter turns `expiresAt` into a relative
 * TTL (Redis `PX`, Memcached exptime) before sending it, so the backend's clock
 * starts as late as the write reaches it: seconds on a saturated machine. A
 * backend that ignores TTLs, or reads milliseconds as seconds, is still caught.
 */
const EXPIRY_MARGIN_MILLISECONDS = 5000;
/** Longest TTL `withShortTtl` tries with real waits (or `backendTtl`, when longer). */
const MAX_SHORT_TTL_MILLISECONDS = 10_000;
/** How many TTLs `withShortTtl` tries with real waits. */
const SHORT_TTL_ATTEMPTS = 4;

/** Thrown by `beforeExpiry` to make `withShortTtl` try again with a longer TTL. */
class TooSlowForTtl extends Error {
  constructor(readonly lateByMilliseconds: number) {
    super(
      `an operation that needed a live entry finished ${lateByMilliseconds} ms after its expiresAt`,
    );
  }
}

export function expiryControl(harness: ConformanceHarness): ExpiryControl {
  const clock = harness.options.expiry === 'clock';
  const precision = harness.capabilities.ttlPrecisionMilliseconds;
  const backendTtl = Math.max(100, 2 * precision);
  const maxTtl = Math.max(backendTtl, MAX_SHORT_TTL_MILLISECONDS);
  const ttls = Array.from({ length: SHORT_TTL_ATTEMPTS }, (_, attempt) =>
    Math.min(backendTtl * 4 ** attempt, maxTtl),
  );
  const expiryWait = 2 * precision + EXPIRY_MARGIN_MILLISECONDS;
  return {
    clock,
    backendTtl,
    // Every abandoned attempt took at least its TTL; the last one also waits for expiry.
    timeout: clock ? undefined : ttls.reduce((sum, ttl) => sum + ttl, 0) + expiryWait + 10_000,
    startClock() {
      if (clock) vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    },
    async withShortTtl(scenario) {
      if (clock) {
        await scenario(60_000);
        return;
      }
      for (const [attempt, ttl] of ttls.entries()) {
        try {
          await scenario(ttl);
          return;
        } catch (error) {
          if (!(error instanceof TooSlowForTtl) || attempt === ttls.length - 1) throw error;
        }
      }
    },
    beforeExpiry(expiresAt) {
      const now = Date.now();
      // A backend counting whole seconds may end an entry up to one unit early.
      if (!clock && now >= expiresAt - precision) throw new TooSlowForTtl(now - expiresAt);
    },
    async expectExpires(adapter, key, expiresAt) {
      if (clock) {
        vi.setSystemTime(expiresAt + precision);
        expect(await adapter.get(key), `get after expiresAt + ${precision} ms`).toBeUndefined();
        return;
      }
      const deadline = expiresAt + expiryWait;
      while ((await adapter.get(key)) !== undefined) {
        if (Date.now() > deadline) {
          expect.fail(`"${key}" was still a hit ${Date.now() - expiresAt} ms after its expiresAt`);
        }
        await sleep(POLL_MILLISECONDS);
      }
    },
  };
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Settles `promise` or fails once `milliseconds` pass, so an operation that hangs
 * fails its own assertion instead of the test timeout.
 */
export async function withDeadline<T>(
  promise: Promise<T>,
  milliseconds: number,
  what: string,
): Promise<{ settled: 'fulfilled'; value: T } | { settled: 'rejected'; error: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not settle within ${milliseconds} ms`)),
      milliseconds,
    );
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ settled: 'fulfilled' as const, value }),
        (error: unknown) => ({ settled: 'rejected' as const, error }),
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
