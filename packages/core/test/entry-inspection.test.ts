import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  createCache,
  createEncryptionCodec,
  createGzipCodec,
  InvalidKeyError,
  inspectEntry,
  parseEntryKey,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

const codecs = [
  createGzipCodec({ thresholdBytes: 16 }),
  createEncryptionCodec({ keyring: { current: 'k1', keys: { k1: randomBytes(32) } } }),
];

function setup() {
  const adapter = new MapAdapter();
  return { adapter, cache: createCache({ adapter, burst: false }) };
}

describe('inspectEntry', () => {
  it('takes a value apart: value, TTL, size, tags and namespaces with their current versions', async () => {
    const { adapter, cache } = setup();
    await cache
      .namespace('users')
      .set('42', { name: 'Ada' }, { tags: ['team'], ttlMilliseconds: 60_000 });
    const entry = await inspectEntry(adapter, '42', { namespacePath: ['users'] });
    expect(entry).toMatchObject({
      key: '42',
      namespacePath: ['users'],
      adapterKey: 'e/users:42',
      state: 'value',
      value: { name: 'Ada' },
      plainJson: true,
      codecs: [],
      tags: [
        { kind: 'tag', name: 'team', current: true },
        { kind: 'namespace', name: 'users', current: true },
      ],
    });
    expect(entry.ttlMilliseconds).toBeGreaterThan(50_000);
    expect(entry.sizeBytes).toBe(Buffer.byteLength(adapter.store.get('e/users:42')!.payload));
  });

  it('shows an invalidated entry as outdated, and changes nothing while reading', async () => {
    const { adapter, cache } = setup();
    await cache.set('k', new Map([['a', 1n]]), { tags: ['t'] });
    await cache.invalidateTags(['t']);
    const before = new Map(adapter.store);
    const entry = await inspectEntry(adapter, 'k');
    expect(entry.state).toBe('outdated');
    expect(entry.value).toEqual(new Map([['a', 1n]]));
    expect(entry.plainJson).toBe(false);
    expect(entry.tags[0]).toMatchObject({ name: 't', current: false });
    expect(new Map(adapter.store)).toEqual(before);
  });

  it('decodes through the codecs it is given; without them the entry is undecodable', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false, codecs });
    await cache.set('secret', 'x'.repeat(100));
    expect(await inspectEntry(adapter, 'secret', { codecs })).toMatchObject({
      state: 'value',
      value: 'x'.repeat(100),
      codecs: ['gzip', 'aes-256-gcm'],
    });
    const without = await inspectEntry(adapter, 'secret');
    expect(without).toMatchObject({ state: 'undecodable', codecs: ['gzip', 'aes-256-gcm'] });
    expect('value' in without).toBe(false);
  });

  it('shows a value past its TTL kept for grace as stale, and a lease carrying it', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    const options = { ttlMilliseconds: 1, graceMilliseconds: 60_000 };
    await cache.getOrLoad('k', async () => 'v1', options);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stale = await inspectEntry(adapter, 'k');
    expect(stale.state).toBe('stale');
    expect(stale.freshUntil).toBeLessThan(Date.now());
    let release!: () => void;
    const loading = cache.getOrLoad(
      'k',
      () => new Promise<string>((resolve) => (release = () => resolve('v2'))),
      options,
    );
    await vi.waitFor(async () => {
      expect((await inspectEntry(adapter, 'k')).state).toBe('lease');
    });
    expect((await inspectEntry(adapter, 'k')).carriesValue).toBe(true);
    release();
    await loading;
  });

  it('reports leases, absent keys and foreign data', async () => {
    const { adapter } = setup();
    await adapter.set('e:leased', { payload: 'Ltoken-1' });
    await adapter.set('e:foreign', { payload: 'hello' });
    expect(await inspectEntry(adapter, 'leased')).toMatchObject({
      state: 'lease',
      leaseToken: 'token-1',
    });
    expect(await inspectEntry(adapter, 'foreign')).toMatchObject({ state: 'corrupt' });
    expect(await inspectEntry(adapter, 'nothing')).toMatchObject({ state: 'absent', sizeBytes: 0 });
    await expect(inspectEntry(adapter, '')).rejects.toBeInstanceOf(InvalidKeyError);
  });
});

describe('parseEntryKey', () => {
  it('reads entry keys back and leaves metadata out', () => {
    expect(parseEntryKey('e:a:b')).toEqual({ namespacePath: [], key: 'a:b' });
    expect(parseEntryKey('e/users/admins:1')).toEqual({
      namespacePath: ['users', 'admins'],
      key: '1',
    });
    expect(parseEntryKey('t:team')).toBeUndefined();
    expect(parseEntryKey('n/users')).toBeUndefined();
    expect(parseEntryKey('x:tag-epoch')).toBeUndefined();
  });
});
