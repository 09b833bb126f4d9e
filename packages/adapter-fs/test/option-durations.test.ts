import { InvalidOptionsError } from '@pc/core';
import { describe, expect, it } from 'vitest';
import { createFsAdapter } from '../src/index.js';
import { resolveFsAdapterOptions } from '../src/resolve-fs-adapter-options.js';

const NAMES = ['leftoverGraceMilliseconds', 'lockStaleMilliseconds'] as const;

describe('duration strings in fs adapter options', () => {
  it.each(NAMES)('%s takes a duration string', (name) => {
    expect(resolveFsAdapterOptions({ directory: '/tmp/pc', [name]: '1.5m' })[name]).toBe(90_000);
  });

  it.each(NAMES)('%s rejects a string that is not a duration, naming it and the value', (name) => {
    const bad = () => createFsAdapter({ directory: '/tmp/pc', [name]: 'a minute' as never });
    expect(bad).toThrow(InvalidOptionsError);
    expect(bad).toThrow(new RegExp(`\\[pc:fs\\] set "${name}".*"a minute"`));
  });

  it('options that are not durations do not take duration strings', () => {
    expect(() =>
      resolveFsAdapterOptions({ directory: '/tmp/pc', concurrency: '2s' as never }),
    ).toThrow(/"concurrency"/);
  });
});
