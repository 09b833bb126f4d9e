import { InvalidOptionsError } from '@pc/core';
import { describe, expect, it } from 'vitest';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { resolveConnectionSettings } from '../src/open-redis-connection.js';

const NAMES = [
  'connectTimeoutMilliseconds',
  'commandTimeoutMilliseconds',
  'maxReconnectDelayMilliseconds',
] as const;

describe('duration strings in Redis connection options', () => {
  it.each(NAMES)('%s takes a duration string', (name) => {
    expect(resolveConnectionSettings({ [name]: '1.5s' })[name]).toBe(1500);
    expect(resolveConnectionSettings({ [name]: '2m' })[name]).toBe(120_000);
  });

  it.each(NAMES)('%s rejects a string that is not a duration, naming it and the value', (name) => {
    for (const bad of [
      () =>
        createRedisAdapter({ namespace: 'n', url: 'redis://127.0.0.1:1', [name]: 'fast' as never }),
      () => createRedisBus({ url: 'redis://127.0.0.1:1', [name]: 'fast' as never }),
    ]) {
      expect(bad).toThrow(InvalidOptionsError);
      expect(bad).toThrow(new RegExp(`\\[pc:redis\\] set "${name}".*"fast"`));
    }
  });
});
