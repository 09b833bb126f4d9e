// Measures the two tag strategies of docs/decisions/redis-tag-strategy.md on a
// real Redis and a real Redis Cluster. Not a test: it prints numbers.
//
//   cd packages/core && npx tsup && cd ../adapter-redis && npx tsup
//   node scripts/tag-strategy-bench.mjs --url redis://127.0.0.1:6379 \
//     [--cluster 127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002]
//
// Use servers you started for this (it writes under the "bench" prefix and clears it).
import { parseArgs } from 'node:util';
import { createCache } from '@pc/core';
import { Cluster, Redis } from 'ioredis';
import { createRedisAdapter } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    cluster: { type: 'string' },
    rounds: { type: 'string', default: '400' },
  },
});
if (!values.url && !values.cluster) {
  console.error(
    'usage: node scripts/tag-strategy-bench.mjs --url redis://... [--cluster host:port,...]',
  );
  process.exit(1);
}
const ROUNDS = Number(values.rounds);
const ENTRIES = 100;
const TAGS = 20;
const BODY = JSON.stringify({ id: 1, name: 'x'.repeat(160), list: [1, 2, 3] });

/**
 * Runs every operation in turn, ROUNDS times, `BATCH` calls each time, so load
 * from other processes hits all of them alike. Returns the median and the best
 * microseconds per call of each.
 */
async function measureAll(operations) {
  const BATCH = 20;
  const samples = new Map(operations.map(([name]) => [name, []]));
  for (const [, operation, setup] of operations) {
    for (let i = 0; i < 30; i++) {
      await setup?.();
      await operation();
    }
  }
  for (let round = 0; round < ROUNDS / BATCH; round++) {
    for (const [name, operation, setup] of operations) {
      // With a setup (untimed, before each call), calls are timed one by one.
      let elapsed = 0n;
      let started = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) {
        if (setup) {
          await setup();
          started = process.hrtime.bigint();
          await operation();
          elapsed += process.hrtime.bigint() - started;
        } else await operation();
      }
      if (!setup) elapsed = process.hrtime.bigint() - started;
      samples.get(name).push(Number(elapsed) / 1000 / BATCH);
    }
  }
  const results = new Map();
  for (const [name, values] of samples) {
    values.sort((a, b) => a - b);
    results.set(name, { median: values[values.length >> 1], best: values[0] });
  }
  return results;
}

// Native strategy (a): entries are plain values; each tag is a SET of entry keys.
const NATIVE_WRITE = `
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  redis.call('PEXPIRE', KEYS[i], ttl, 'GT')
end
return 1`;
const NATIVE_INVALIDATE = `
local removed = 0
for i = 1, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for j = 1, #members, 500 do
    removed = removed + redis.call('UNLINK', unpack(members, j, math.min(j + 499, #members)))
  end
  redis.call('UNLINK', KEYS[i])
end
return removed`;
// Strategy (b) in one round trip (standalone only): read entries and the versions
// of their tags in one script. Needs the Cache's envelope format inside Lua.
const VERSIONED_READ = `
local values = redis.call('MGET', unpack(KEYS))
local out = {}
for i = 1, #values do
  local value = values[i]
  if value then
    local newline = string.find(value, '\\n', 1, true)
    local header = string.sub(value, 3, newline - 1)
    local ok = true
    if #header > 0 then
      local pairs = cjson.decode(header)
      for j = 1, #pairs, 2 do
        if redis.call('GET', ARGV[1] .. pairs[j]) ~= pairs[j + 1] then ok = false break end
      end
    end
    out[i] = ok and value or false
  else
    out[i] = false
  end
end
return out`;

async function benchTopology(label, connect, rawClient) {
  const raw = rawClient();
  const adapter = createRedisAdapter({ namespace: 'tags', keyPrefix: 'bench', ...connect() });
  const cache = createCache({ adapter });
  const keys = Array.from({ length: ENTRIES }, (_, i) => `item-${i}`);
  const tagsOf = (i) => [`tag-${i % TAGS}`, `tag-${(i * 7 + 3) % TAGS}`];
  const operations = [];

  // Baselines: raw ioredis and the adapter without tags.
  const plainKeys = keys.map((key) => `plain-${key}`);
  await adapter.setMany(plainKeys.map((key) => [key, { payload: BODY }]));
  if (!raw.isCluster) {
    const prefixed = plainKeys.map((key) => `bench:tags:${key}`);
    operations.push(['raw ioredis MGET x100', () => raw.mget(prefixed)]);
    operations.push(['raw ioredis GET', () => raw.get(prefixed[0])]);
  }
  operations.push(['adapter.getMany x100 (untagged)', () => adapter.getMany(plainKeys)]);
  operations.push(['adapter.get (untagged)', () => adapter.get(plainKeys[0])]);

  // (b) tag versions, as the Cache does it: entries, then versions (2 round trips).
  // Order matters: setMany first restores what invalidateTags of the last round removed.
  const versionedWrite = () =>
    cache.setMany(keys.map((key, i) => ({ key, value: { i, body: BODY }, tags: tagsOf(i) })));
  operations.push(['(b) cache.setMany x100, 2 tags each', versionedWrite]);
  operations.push(['(b) cache.getMany x100, 2 tags each', () => cache.getMany(keys)]);
  operations.push(['(b) cache.get, 2 tags', () => cache.get(keys[0])]);
  operations.push(['(b) cache.invalidateTags 1 tag', () => cache.invalidateTags(['tag-1'])]);

  // (a) native tag sets, at the protocol level: reads are one MGET (the adapter's getMany).
  const nativeKeys = keys.map((key) => `native-${key}`);
  const tagSetKey = (tag) => `bench:tags:tagset:${tag}`;
  const nativeWrite = async () => {
    if (raw.isCluster) {
      // Entries and tag sets live in different slots: no single script can touch
      // them all, so the write is a non-atomic batch, auto-pipelined per node.
      const expiry = 60_000;
      return Promise.all(
        nativeKeys.flatMap((key, i) => [
          raw.set(`bench:tags:${key}`, `s${Date.now() + expiry}|${BODY}`, 'PX', expiry),
          ...tagsOf(i).map((tag) => raw.sadd(tagSetKey(tag), `bench:tags:${key}`)),
        ]),
      );
    }
    const pipeline = raw.pipeline();
    nativeKeys.forEach((key, i) => {
      pipeline.eval(
        NATIVE_WRITE,
        3,
        `bench:tags:${key}`,
        ...tagsOf(i).map(tagSetKey),
        `s|${BODY}`,
        60_000,
      );
    });
    return pipeline.exec();
  };
  const nativeInvalidate = async () => {
    if (raw.isCluster) {
      const members = await raw.smembers(tagSetKey('tag-1'));
      await Promise.all([...members, tagSetKey('tag-1')].map((key) => raw.unlink(key)));
    } else {
      await raw.eval(NATIVE_INVALIDATE, 1, tagSetKey('tag-1'));
    }
  };
  operations.push(['(a) native setMany x100, 2 tags each', nativeWrite]);
  operations.push(['(a) native getMany x100 (1 MGET)', () => adapter.getMany(nativeKeys)]);
  // Each call removes ~10 entries; the untimed restore keeps every call's work the same.
  operations.push(['(a) native invalidateTags 1 tag (~10 entries)', nativeInvalidate, nativeWrite]);

  if (!raw.isCluster) {
    const prefixedKeys = keys.map((key) => `bench:tags:${key}`);
    operations.push([
      "(b') versioned read x100 in one Lua call",
      () => raw.eval(VERSIONED_READ, prefixedKeys.length, ...prefixedKeys, 'bench:tags:'),
    ]);
  }

  await versionedWrite();
  await nativeWrite();
  // (b) at the protocol level, without the Cache's decoding: the same two round trips.
  const versionKeys = [];
  for await (const key of adapter.keys()) {
    if (key.startsWith('t:')) versionKeys.push(key); // the Cache's tag-version records
  }
  operations.push([
    `(b) protocol only: getMany x100, then getMany of ${versionKeys.length} versions`,
    async () => {
      await adapter.getMany(keys);
      await adapter.getMany(versionKeys);
    },
  ]);
  const results = await measureAll(operations);

  // Eviction: the tag metadata disappears while entries stay.
  await cache.set('evict-me', 'old', { tags: ['evicted-tag'] });
  const evictedKeys = [];
  for await (const key of adapter.keys()) if (key.includes('evicted-tag')) evictedKeys.push(key);
  await adapter.deleteMany(evictedKeys);
  const versionsAfterEviction = await cache.get('evict-me');
  await raw.eval(
    NATIVE_WRITE,
    2,
    'bench:tags:{e}native-evict',
    'bench:tags:{e}tagset:evicted',
    's|old',
    60_000,
  );
  await raw.unlink('bench:tags:{e}tagset:evicted');
  await raw.eval(NATIVE_INVALIDATE, 1, 'bench:tags:{e}tagset:evicted');
  const nativeAfterEviction = await raw.get('bench:tags:{e}native-evict');

  await adapter.clear();
  for (let i = 0; i < TAGS; i++) await raw.unlink(tagSetKey(`tag-${i}`));
  await raw.unlink('bench:tags:{e}native-evict');
  await adapter.dispose();
  await raw.quit();

  console.log(
    `\n## ${label}: µs per call, ${ROUNDS / 20} interleaved rounds of 20 sequential calls`,
  );
  console.log('| operation | median | best round |\n|---|---:|---:|');
  for (const [name, { median, best }] of results) {
    console.log(`| ${name} | ${median.toFixed(0)} | ${best.toFixed(0)} |`);
  }
  console.log(
    `\ntag metadata deleted (as by eviction), then the tag invalidated: (b) reads ${versionsAfterEviction === undefined ? 'a miss (fails closed)' : 'a HIT'}; ` +
      `(a) reads ${nativeAfterEviction === null ? 'a miss' : 'the stale value (fails open)'}`,
  );
}

if (values.url) {
  await benchTopology(
    'standalone',
    () => ({ url: values.url }),
    () => new Redis(values.url),
  );
}
if (values.cluster) {
  const nodes = values.cluster.split(',').map((node) => {
    const [host, port] = node.split(':');
    return { host, port: Number(port) };
  });
  await benchTopology(
    'cluster (3 masters)',
    () => ({ clusterNodes: nodes }),
    () => new Cluster(nodes, { enableAutoPipelining: true }),
  );
}
