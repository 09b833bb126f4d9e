import { InvalidOptionsError } from '@pc/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  createRedisAdapter,
  createRedisBus,
  type RedisAdapterOptions,
  type RedisBusOptions,
} from '../src/index.js';

const URL = 'redis://127.0.0.1:1';

function rejection(create: () => unknown): string {
  try {
    create();
  } catch (error) {
    expect(InvalidOptionsError.isInstance(error), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected InvalidOptionsError');
}

describe('option validation', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a missing namespace', { url: URL }, '"namespace"'],
    ['a namespace with a separator', { url: URL, namespace: 'a:b' }, '"namespace"'],
    ['a namespace with a hash tag', { url: URL, namespace: '{a}' }, '"namespace"'],
    ['a keyPrefix with a separator', { url: URL, namespace: 'n', keyPrefix: 'a:' }, '"keyPrefix"'],
    ['a misspelled option', { url: URL, namespace: 'n', commandTimeout: 5 }, '"commandTimeout"'],
    [
      'a zero timeout',
      { url: URL, namespace: 'n', commandTimeoutMilliseconds: 0 },
      '"commandTimeoutMilliseconds"',
    ],
    [
      'a NaN timeout',
      { url: URL, namespace: 'n', connectTimeoutMilliseconds: Number.NaN },
      '"connectTimeoutMilliseconds"',
    ],
    ['no connection', { namespace: 'n' }, '"url"'],
    ['a URL that is not redis://', { namespace: 'n', url: 'http://x' }, '"url"'],
    [
      'clusterNodes with a url',
      { namespace: 'n', url: URL, clusterNodes: [{ port: 1 }] },
      '"clusterNodes"',
    ],
    ['empty clusterNodes', { namespace: 'n', clusterNodes: [] }, '"clusterNodes"'],
    [
      'an ioredis keyPrefix',
      { namespace: 'n', url: URL, redisOptions: { keyPrefix: 'x:' } },
      '"keyPrefix"',
    ],
    [
      'maxValueBytes over what Redis stores',
      { namespace: 'n', url: URL, maxValueBytes: 2 ** 30 },
      '"maxValueBytes"',
    ],
  ])('createRedisAdapter rejects %s, naming the option', (_, options, named) => {
    expect(
      rejection(() => createRedisAdapter(options as unknown as RedisAdapterOptions)),
    ).toContain(named);
  });

  it('rejects an injected client that uses ioredis keyPrefix, and a client with a url', () => {
    const client = new Redis({ lazyConnect: true, keyPrefix: 'app:' });
    const plain = new Redis({ lazyConnect: true });
    try {
      expect(rejection(() => createRedisAdapter({ namespace: 'n', client }))).toContain(
        '"keyPrefix"',
      );
      expect(
        rejection(() => createRedisAdapter({ namespace: 'n', client: plain, url: URL })),
      ).toContain('"client"');
    } finally {
      client.disconnect();
      plain.disconnect();
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty channel', { url: URL, channel: '' }, '"channel"'],
    ['a misspelled option', { url: URL, onMessage: () => undefined }, '"onMessage"'],
    ['onError that is not a function', { url: URL, onError: 'log' }, '"onError"'],
  ])('createRedisBus rejects %s, naming the option', (_, options, named) => {
    expect(rejection(() => createRedisBus(options as unknown as RedisBusOptions))).toContain(named);
  });
});
