import { InvalidOptionsError } from '@pc/core';
import { describe, expect, it } from 'vitest';
import { createMemcachedAdapter, createMemcachedClient } from '../src/index.js';
import { resolveMemcachedAdapterOptions } from '../src/resolve-memcached-adapter-options.js';
import { resolveMemcachedClientOptions } from '../src/resolve-memcached-client-options.js';

const NAMES = ['timeoutMilliseconds', 'retryDelayMilliseconds', 'idleMilliseconds'] as const;

describe('duration strings in Memcached options', () => {
  it.each(NAMES)('%s takes a duration string (adapter and client)', (name) => {
    expect(resolveMemcachedAdapterOptions({ [name]: '1.5s' })[name]).toBe(1500);
    expect(resolveMemcachedClientOptions({ [name]: '250ms' })[name]).toBe(250);
  });

  it.each(NAMES)('%s rejects a string that is not a duration, naming it and the value', (name) => {
    for (const create of [
      () => createMemcachedAdapter({ [name]: 'soon' as never }),
      () => createMemcachedClient({ [name]: 'soon' as never }),
    ]) {
      expect(create).toThrow(InvalidOptionsError);
      expect(create).toThrow(new RegExp(`\\[pc:memcached\\] set "${name}".*"soon"`));
    }
  });

  it('options that are not durations do not take duration strings', () => {
    expect(() => resolveMemcachedAdapterOptions({ poolSize: '2s' as never })).toThrow(/"poolSize"/);
  });

  it('a duration that is not a whole number of milliseconds is refused by the integer check', () => {
    expect(() => resolveMemcachedAdapterOptions({ timeoutMilliseconds: '0.5ms' })).toThrow(
      /"timeoutMilliseconds"/,
    );
  });
});
