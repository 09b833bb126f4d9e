import { InvalidOptionsError, SerializationError } from '@pc/core';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter, createMemoryStore } from '../src/index.js';

// Issue 13, defect 7: the memory adapter validated nothing at its edges.
describe('memory adapter edges', () => {
  const malformed: Array<[string, unknown]> = [
    ['a null entry', null],
    ['a number payload', { payload: 42 }],
    ['a Buffer payload', { payload: Buffer.from('x') }],
    ['a NaN expiresAt', { payload: 'x', expiresAt: Number.NaN }],
    ['a string expiresAt', { payload: 'x', expiresAt: '123' }],
  ];
  for (const [what, entry] of malformed) {
    it(`${what} rejects with SerializationError and writes nothing (set, setMany, compareAndSet)`, async () => {
      const adapter = createMemoryAdapter();
      await adapter.set('k', { payload: 'old' });
      const bad = entry as never;
      await expect(adapter.set('k', bad)).rejects.toThrow(SerializationError);
      await expect(
        adapter.setMany([
          ['other', { payload: 'x' }],
          ['k', bad],
        ]),
      ).rejects.toThrow(SerializationError);
      await expect(adapter.compareAndSet([['k', 'old', bad]])).rejects.toThrow(SerializationError);
      expect(await adapter.get('k')).toEqual({ payload: 'old' });
      expect(await adapter.get('other')).toBeUndefined();
      await adapter.dispose();
    });
  }

  it('unknown option names are rejected, naming the option and the known ones', () => {
    expect(() => createMemoryAdapter({ maxItem: 10 } as never)).toThrow(InvalidOptionsError);
    expect(() => createMemoryAdapter({ namespcae: 'x' } as never)).toThrow(
      /unknown option "namespcae"; known options: namespace/,
    );
    expect(() => createMemoryStore({ maxItem: 10 } as never)).toThrow(/unknown option "maxItem"/);
  });
});
