import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRedisAdapter } from '@pc/adapter-redis';
import { createCache, createEncryptionCodec, createGzipCodec } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPc, uniqueName } from './run-pc.js';

const { redis } = testServices();
const KEY = randomBytes(32);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const BIG_VALUE = {
  text: 'compressible '.repeat(200),
  items: Array.from({ length: 50 }, (_, index) => index),
};

const namespace = uniqueName('codecs');
const adapter = createRedisAdapter({
  url: redis.url,
  namespace,
  commandTimeoutMilliseconds: 10_000,
});
const keyring = { current: 'k1', keys: { k1: KEY } };
const cache = createCache({
  adapter,
  burst: false,
  codecs: [createGzipCodec({ thresholdBytes: 64 }), createEncryptionCodec({ keyring })],
});
const env = {
  PC_TEST_URL: redis.url,
  PC_TEST_KEY_BASE64: KEY.toString('base64'),
  PC_ADAPTER_NAMESPACE: namespace,
};

beforeAll(async () => {
  await cache.set('report', BIG_VALUE, { tags: ['reports'] });
  await cache.namespace('plain', { codecs: [] }).set('note', 'in clear');
});

afterAll(async () => {
  await cache.dispose();
  await adapter.dispose();
});

describe('pc get with codecs from a config file', () => {
  it('decodes a compressed and encrypted value through the configured codecs', async () => {
    const run = await runPc(
      ['get', 'report', '--config', fixture('codecs.config.mjs'), '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const entry = run.json();
    expect(entry).toMatchObject({
      state: 'value',
      value: BIG_VALUE,
      codecs: ['gzip', 'aes-256-gcm'],
      tags: [{ name: 'reports', current: true }],
    });
    // Compressed: what is stored is far smaller than the serialized value.
    expect(entry.sizeBytes).toBeLessThan(entry.valueBytes);

    const text = await runPc(['get', 'report', '-c', fixture('codecs.config.mjs')], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('compressible compressible');
    expect(text.stdout).toMatch(/codecs\s+gzip, aes-256-gcm/);
  });

  it('uses the codecs of the namespace the config names', async () => {
    const run = await runPc(
      ['get', 'note', '-n', 'plain', '--config', fixture('codecs.config.mjs'), '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ state: 'value', value: 'in clear', codecs: [] });
  });

  it('without the codecs, an encoded entry is shown as undecodable (exit 2), never as garbage', async () => {
    const run = await runPc(['get', 'report', '--url', redis.url, '--json'], env);
    expect(run.code).toBe(2);
    const entry = run.json();
    expect(entry).toMatchObject({ state: 'undecodable', codecs: ['gzip', 'aes-256-gcm'] });
    expect(entry.value).toBeUndefined();
  });

  it("with the wrong key, the entry is undecodable: the config's key decides", async () => {
    const run = await runPc(['get', 'report', '--config', fixture('codecs.config.mjs'), '--json'], {
      ...env,
      PC_TEST_KEY_BASE64: randomBytes(32).toString('base64'),
    });
    expect(run.code).toBe(2);
    expect(run.json().state).toBe('undecodable');
  });

  it("a config may build the application's own adapter (exported as a function)", async () => {
    const own = uniqueName('own');
    const ownAdapter = createRedisAdapter({ url: redis.url, namespace: own });
    const ownCache = createCache({
      adapter: ownAdapter,
      codecs: [createGzipCodec({ thresholdBytes: 64 })],
    });
    await ownCache.set('big', BIG_VALUE);
    await ownCache.dispose();
    await ownAdapter.dispose();
    const run = await runPc(['get', 'big', '--config', fixture('adapter.config.mjs'), '--json'], {
      PC_TEST_URL: redis.url,
      PC_TEST_NAMESPACE: own,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ state: 'value', value: BIG_VALUE, codecs: ['gzip'] });
    const both = await runPc(
      ['get', 'big', '--config', fixture('adapter.config.mjs'), '--url', redis.url, '--json'],
      { PC_TEST_URL: redis.url, PC_TEST_NAMESPACE: own },
    );
    expect(both.code).toBe(1);
    expect(both.json().error.code).toBe('PC_INVALID_OPTIONS');
  });

  it('a config that exports no config object, or does not exist, is a usage error (exit 1)', async () => {
    for (const file of [fixture('not-a-config.mjs'), fixture('missing.config.mjs')]) {
      const run = await runPc(['get', 'x', '--config', file, '--json']);
      expect(run.code, run.stderr).toBe(1);
      expect(run.json().error.code).toBe('PC_INVALID_OPTIONS');
    }
  });
});
