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
    rounds: { type: 'string', default: '600' },
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

/** Median microseconds per call of `operation` over 5 batches of ROUNDS / 5 calls. */
async function measure(operation) {
  for (let i = 0; i < 50; i++) await operation();
  const batches = [];
  for (let batch = 0; batch < 5; batch++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < ROUNDS / 5; i++) await operation();
    batches.push(Number(process.hrtime.bigint() - started) / 1000 / (ROUNDS / 5));
  }
  return batches.sort((a, b) => a - b)[2];
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
  const results = {};

  // Baseline: raw ioredis MGET of 100 keys (standalone) / the adapter's untagged getMany.
  await adapter.setMany(keys.map((key) => [`plain-${key}`, { payload: BODY }]));
  const plainKeys = keys.map((key) => `plain-${key}`);
  if (!raw.isCluster) {
    const prefixed = plainKeys.map((key) => `bench:tags:${key}`);
    results['raw ioredis MGET x100'] = await measure(() => raw.mget(prefixed));
    results['raw ioredis GET'] = await measure(() => raw.get(prefixed[0]));
  }
  results['adapter.getMany x100 (untagged)'] = await measure(() => adapter.getMany(plainKeys));
  results['adapter.get (untagged)'] = await measure(() => adapter.get(plainKeys[0]));

  // (b) tag versions, as the Cache does it: entries, then versions (2 round trips).
  await cache.setMany(keys.map((key, i) => ({ key, value: { i, body: BODY }, tags: tagsOf(i) })));
  results['(b) cache.getMany x100, 2 tags each'] = await measure(() => cache.getMany(keys));
  results['(b) cache.get, 2 tags'] = await measure(() => cache.get(keys[0]));
  results['(b) cache.setMany x100, 2 tags each'] = await measure(() =>
    cache.setMany(keys.map((key, i) => ({ key, value: { i, body: BODY }, tags: tagsOf(i) }))),
  );
  results['(b) cache.invalidateTags 1 tag'] = await measure(() => cache.invalidateTags(['tag-1']));

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
  await nativeWrite();
  results['(a) native getMany x100 (1 MGET)'] = await measure(() => adapter.getMany(nativeKeys));
  results['(a) native setMany x100, 2 tags each'] = await measure(nativeWrite);
  const invalidateAndRestore = await measure(async () => {
    if (raw.isCluster) {
      const members = await raw.smembers(tagSetKey('tag-1'));
      await Promise.all([...members, tagSetKey('tag-1')].map((key) => raw.unlink(key)));
    } else {
      await raw.eval(NATIVE_INVALIDATE, 1, tagSetKey('tag-1'));
    }
    // Restore the tag's members so every round measures the same work.
    await nativeWrite();
  });
  results['(a) native invalidateTags 1 tag (~10 entries)'] =
    invalidateAndRestore - (await measure(nativeWrite));

  if (!raw.isCluster) {
    const prefixedKeys = keys.map((key) => `bench:tags:${key}`);
    results["(b') versioned read x100 in one Lua call"] = await measure(() =>
      raw.eval(VERSIONED_READ, prefixedKeys.length, ...prefixedKeys, 'bench:tags:'),
    );
  }

  // Eviction: the tag metadata disappears while entries stay.
  await cache.set('evict-me', 'old', { tags: ['evicted-tag'] });
  const versionKeys = [];
  for await (const key of adapter.keys()) if (key.includes('evicted-tag')) versionKeys.push(key);
  await adapter.deleteMany(versionKeys);
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
  for (const tag of Array.from({ length: TAGS }, (_, i) => `tag-${i}`))
    await raw.unlink(tagSetKey(tag));
  await adapter.dispose();
  await raw.quit();

  console.log(`\n## ${label} (µs per call, median of 5 x ${ROUNDS / 5}, sequential, loopback)`);
  for (const [name, micros] of Object.entries(results)) {
    console.log(`| ${name} | ${micros.toFixed(1)} |`);
  }
  console.log(
    `eviction of tag metadata, then invalidateTags: (b) reads ${versionsAfterEviction === undefined ? 'a miss (fail closed)' : 'a HIT'}; ` +
      `(a) reads ${nativeAfterEviction === null ? 'a miss' : 'the stale value (fail open)'}`,
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
