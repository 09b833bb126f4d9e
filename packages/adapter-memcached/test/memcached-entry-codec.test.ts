import { describe, expect, it } from 'vitest';
import { fromStoredValue, toStoredValue } from '../src/memcached-entry-codec.js';

/*
 * Values are stored with a backslash before every CR and LF, as the `memcached`
 * 2.x client stored them: items written before the client was replaced read the
 * same, and processes still on the old client can read new items during a rolling
 * upgrade. These are that client's own escape and unescape (lib/utils.js).
 */
const oldEscape = (value: string) => value.replace(/(\r|\n)/g, '\\$1');
const oldUnescape = (value: string) => value.replace(/\\(\r|\n)/g, '$1');

/** Every string over `alphabet` up to `length` characters. */
function* strings(alphabet: readonly string[], length: number): Generator<string> {
  yield '';
  if (length === 0) return;
  for (const shorter of strings(alphabet, length - 1)) {
    if (shorter.length !== length - 1) continue;
    for (const character of alphabet) yield shorter + character;
  }
}

describe('stored value escaping', () => {
  const alphabet = ['\\', '\r', '\n', 'a', 'é'];
  const all = [...new Set(strings(alphabet, 6))];

  it('writes exactly what the old client wrote, and reads back what was written', () => {
    expect(all.length).toBeGreaterThan(5000);
    for (const value of all) {
      const stored = toStoredValue(value);
      expect(stored).toBe(oldEscape(value));
      expect(fromStoredValue(Buffer.from(stored, 'utf8'))).toBe(value);
    }
  });

  it('reads any stored text exactly as the old client did', () => {
    for (const stored of all) {
      expect(fromStoredValue(Buffer.from(stored, 'utf8'))).toBe(oldUnescape(stored));
    }
  });
});
