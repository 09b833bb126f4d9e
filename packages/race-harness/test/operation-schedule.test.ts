import { describe, expect, it } from 'vitest';
import {
  createLoaderDelays,
  createLoaderFailures,
  createReaderSchedule,
  createSeededRandom,
  createWriterSchedule,
  scheduleFingerprint,
} from '../src/index.js';

const SHAPE = { items: 24, readerPauseMaxMilliseconds: 3, writerPauseMaxMilliseconds: 10 };

const TIMING = {
  loaderDelayMaxMilliseconds: 30,
  loaderHoldMaxMilliseconds: 20,
  slowLoaderProbability: 0.1,
  slowLoaderHoldMaxMilliseconds: 300,
};

function take<T>(next: () => T, count: number): T[] {
  return Array.from({ length: count }, () => next());
}

describe('seeded schedules (replay)', () => {
  it('the same seed gives the same operations, loop by loop', () => {
    expect(take(createReaderSchedule(7, 1, 2, SHAPE), 500)).toEqual(
      take(createReaderSchedule(7, 1, 2, SHAPE), 500),
    );
    expect(take(createWriterSchedule(7, 3, 0, SHAPE), 500)).toEqual(
      take(createWriterSchedule(7, 3, 0, SHAPE), 500),
    );
    expect(take(createLoaderDelays(7, 0, TIMING), 500)).toEqual(
      take(createLoaderDelays(7, 0, TIMING), 500),
    );
    expect(scheduleFingerprint(7, SHAPE, 4, 4, 1)).toBe(scheduleFingerprint(7, SHAPE, 4, 4, 1));
  });

  it('another seed, worker or loop gives other operations', () => {
    const base = take(createReaderSchedule(7, 1, 2, SHAPE), 50);
    expect(take(createReaderSchedule(8, 1, 2, SHAPE), 50)).not.toEqual(base);
    expect(take(createReaderSchedule(7, 2, 2, SHAPE), 50)).not.toEqual(base);
    expect(take(createReaderSchedule(7, 1, 3, SHAPE), 50)).not.toEqual(base);
    expect(scheduleFingerprint(8, SHAPE, 4, 4, 1)).not.toBe(scheduleFingerprint(7, SHAPE, 4, 4, 1));
  });

  it('covers every read method, tag mode, namespace and invalidation method', () => {
    const reads = take(createReaderSchedule(1, 0, 0, SHAPE), 2_000);
    expect(new Set(reads.map((read) => read.method))).toEqual(
      new Set(['getOrLoad', 'getManyOrLoad', 'store.get', 'store.getMany']),
    );
    expect(new Set(reads.map((read) => read.tags))).toEqual(new Set(['array', 'function']));
    expect(new Set(reads.map((read) => read.namespace))).toEqual(new Set([true, false]));
    expect(reads.some((read) => !read.burst)).toBe(true);
    for (const read of reads) {
      expect(new Set(read.ids).size).toBe(read.ids.length);
      for (const id of read.ids) expect(id >= 1 && id <= SHAPE.items).toBe(true);
    }
    const writes = take(createWriterSchedule(1, 0, 0, SHAPE), 2_000);
    expect(new Set(writes.map((write) => write.method))).toEqual(
      new Set(['events', 'keys', 'tags', 'transaction']),
    );
    expect(new Set(writes.map((write) => write.transactionTargets))).toEqual(
      new Set(['keys', 'tags']),
    );
  });

  it('loader delays stay within their ranges, a tenth of the loads slow', () => {
    const delays = take(createLoaderDelays(5, 1, TIMING), 5_000);
    for (const { beforeMilliseconds, holdMilliseconds } of delays) {
      expect(beforeMilliseconds >= 0 && beforeMilliseconds <= 30).toBe(true);
      expect(holdMilliseconds >= 0 && holdMilliseconds <= 300).toBe(true);
    }
    const slow = delays.filter((delay) => delay.holdMilliseconds > 20).length / delays.length;
    expect(slow).toBeGreaterThan(0.05);
    expect(slow).toBeLessThan(0.15);
  });

  it('the PRNG stays within its ranges', () => {
    const random = createSeededRandom(123, 'test');
    for (let index = 0; index < 10_000; index++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const integer = random.integer(0, 30);
      expect(Number.isInteger(integer) && integer >= 0 && integer <= 30).toBe(true);
    }
  });
});

describe('seeded loader failures', () => {
  it('replay with the seed, fail about as often as asked, and wait at most the maximum', () => {
    const failures = take(createLoaderFailures(7, 1, 0.25, 300), 2_000);
    expect(take(createLoaderFailures(7, 1, 0.25, 300), 2_000)).toEqual(failures);
    const failed = failures.filter((delay) => delay !== undefined);
    expect(failed.length).toBeGreaterThan(400);
    expect(failed.length).toBeLessThan(600);
    for (const delay of failed) expect(delay).toBeGreaterThanOrEqual(0);
    expect(Math.max(...failed)).toBeLessThanOrEqual(300);
  });

  it('never fail at probability 0', () => {
    expect(
      take(createLoaderFailures(7, 1, 0, 300), 100).every((delay) => delay === undefined),
    ).toBe(true);
  });
});
