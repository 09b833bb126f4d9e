import { describe, expect, it } from 'vitest';
import { type ConformanceHarness, entry, payloadOf, payloads } from './conformance-harness.js';

const WRITERS = 24;

/** Payloads large enough to be written in pieces by a careless adapter. */
function payloadFor(writer: number, maxValueBytes: number): string {
  const size = Math.min(64 * 1024, Math.floor(maxValueBytes / 2));
  const head = `writer ${writer}:`;
  return head + String.fromCharCode(97 + (writer % 26)).repeat(Math.max(0, size - head.length));
}

/** Parallel operations on one adapter (and on two instances when they share a backend). */
export function registerConcurrencyGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  const maxValueBytes = capabilities.maxValueBytes;
  describe('concurrency', () => {
    it('parallel writes to one key end with one of the written values', async () => {
      const context = harness.context();
      const first = await harness.adapter(context);
      const second = capabilities.sharedAcrossInstances ? await harness.adapter(context) : first;
      const written = Array.from({ length: WRITERS }, (_, writer) =>
        payloadFor(writer, maxValueBytes),
      );
      await Promise.all(
        written.map((payload, writer) =>
          (writer % 2 === 0 ? first : second).set('k', entry(payload)),
        ),
      );
      const final = await payloadOf(first, 'k');
      expect(
        written.includes(final as string),
        `final value ${final?.slice(0, 20)}… is one that was written`,
      ).toBe(true);
      expect(await payloadOf(second, 'k')).toBe(final);
    });

    it('readers never see a torn value while writers replace it', async () => {
      const adapter = await harness.adapter();
      const written = Array.from({ length: WRITERS }, (_, writer) =>
        payloadFor(writer, maxValueBytes),
      );
      await adapter.set('k', entry(written[0]!));
      const reads: Array<Promise<string | undefined>> = [];
      const writes: Array<Promise<boolean>> = [];
      for (const payload of written) {
        writes.push(adapter.set('k', entry(payload)));
        reads.push(payloadOf(adapter, 'k'));
        reads.push(adapter.getMany(['k']).then((found) => found[0]?.payload));
      }
      await Promise.all(writes);
      const seen = await Promise.all(reads);
      const torn = seen.filter((payload) => !written.includes(payload as string));
      expect(
        torn.map(
          (payload) => `${payload === undefined ? 'a miss' : `${payload.length} code units`}`,
        ),
        'reads that returned something never written',
      ).toEqual([]);
    });

    it('parallel writes to distinct keys all land', async () => {
      const adapter = await harness.adapter();
      const keys = Array.from({ length: 100 }, (_, index) => `key-${index}`);
      await Promise.all(keys.map((key, index) => adapter.set(key, entry(`value-${index}`))));
      await Promise.all([
        adapter.setMany(keys.slice(0, 50).map((key) => [key, entry(`batch-${key}`)])),
        adapter.deleteMany(keys.slice(90)),
      ]);
      const read = payloads(await adapter.getMany(keys));
      expect(read.slice(0, 50)).toEqual(keys.slice(0, 50).map((key) => `batch-${key}`));
      expect(read.slice(50, 90)).toEqual(
        keys.slice(50, 90).map((_, index) => `value-${index + 50}`),
      );
      expect(read.slice(90).every((found) => found === undefined)).toBe(true);
    });
  });
}
