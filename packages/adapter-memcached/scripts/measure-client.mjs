#!/usr/bin/env node
/**
 * Side-by-side speed of the `memcached` 2.2.2 client (the raw baseline), this
 * package's own client, the adapter, and a pc Cache on the adapter, in one
 * process against one memcached on a free loopback port. Not a test: it prints
 * a table of operations per second and ratios to the raw client.
 *
 *   npx -y pnpm@10.34.9 --filter @pc/adapter-memcached build
 *   node packages/adapter-memcached/scripts/measure-client.mjs [--rounds 120] [--milliseconds 25]
 *
 * Variants run in many short interleaved slices (every variant once per round,
 * order rotated), so load from other processes hits them alike (see `measure`).
 * CPU time per operation (this process: user + system, syscalls included) is
 * printed too: on a busy machine it moves far less than throughput does.
 * Needs `memcached` on PATH (apt-get install memcached).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { createCache } from '@pc/core';
import Memcached from 'memcached';
import { createMemcachedAdapter, createMemcachedClient } from '../dist/index.js';

const { values: cli } = parseArgs({
  options: {
    rounds: { type: 'string', default: '120' },
    milliseconds: { type: 'string', default: '25' },
  },
});
const ROUNDS = Number(cli.rounds);
const ROUND_MILLISECONDS = Number(cli.milliseconds);

/** The bench's ~1 kB sample value (bench/src/harness/sample-value.ts). */
function sampleValue(id) {
  return {
    id,
    type: 'article',
    title: `Quarterly report ${id}: what changed in the storage tier`,
    slug: `quarterly-report-${id}-storage-tier`,
    published: true,
    createdAt: '2024-03-18T09:41:07.000Z',
    updatedAt: '2024-06-02T17:03:55.000Z',
    author: { id: 4711, name: 'Ada Example', email: 'ada@example.org', roles: ['editor', 'owner'] },
    locationPath: [1, 2, 17, 342, 8812],
    tags: ['storage', 'infrastructure', 'quarterly', 'redis', 'memcached'],
    stats: { views: 18_231, likes: 412, comments: 37, score: 0.8731 },
    summary:
      'Latency of the storage tier dropped after the cache layer moved in front of the ' +
      'database; the report lists the numbers per region and what is planned next.',
    body:
      'The storage tier served most reads from the shared cache this quarter. Misses went ' +
      'to the database in batches, and invalidations followed every write within the same ' +
      'request. Regions with the highest traffic saw the largest gains; the smaller ones ' +
      'mostly stayed flat.',
    permissions: { read: ['group-1', 'group-7'], write: ['group-7'] },
  };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startMemcached() {
  const port = await freePort();
  const args = ['-p', String(port), '-l', '127.0.0.1', '-U', '0', '-m', '256'];
  if (process.getuid?.() === 0) args.push('-u', 'root');
  const child = spawn('memcached', args, { stdio: 'ignore' });
  const location = `127.0.0.1:${port}`;
  const probe = createMemcachedClient({ servers: location, retryDelayMilliseconds: 0 });
  for (let attempt = 0; ; attempt++) {
    try {
      await probe.version(location);
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  probe.close();
  return { location, stop: () => child.kill('SIGKILL') };
}

function promisedMemcached(location) {
  const client = new Memcached(location, { retries: 0, timeout: 2_000, retry: 1_000 });
  const call = (run) =>
    new Promise((resolve, reject) =>
      run((error, data) =>
        error && (!Array.isArray(error) || error.length > 0) ? reject(error) : resolve(data),
      ),
    );
  return {
    get: (key) => call((callback) => client.get(key, callback)),
    getMulti: (keys) => call((callback) => client.getMulti(keys, callback)),
    set: (key, value) => call((callback) => client.set(key, value, 3600, callback)),
    end: () => client.end(),
  };
}

function expectHit(value, variant) {
  if (value === undefined || value === null) throw new Error(`${variant}: a miss`);
  return value;
}

/** Runs `operation` for about `milliseconds`; the count and the time taken. */
async function slice(operation, milliseconds) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let count = 0;
  let elapsed = 0;
  do {
    await operation();
    count++;
    elapsed = performance.now() - started;
  } while (elapsed < milliseconds);
  const cpu = process.cpuUsage(cpuBefore);
  return { count, elapsed, cpuMicroseconds: cpu.user + cpu.system };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Every variant runs for a short slice per round, in rotated order, for many
 * rounds: on a busy machine the load changes from second to second, and short
 * interleaved slices spread it evenly over the variants. A variant's rate is its
 * operations over its time summed over all rounds; the ratio's spread is the
 * median and quartiles of per-round ratios to the baseline (the first variant).
 */
async function measure(title, variants, rounds = ROUNDS, milliseconds = ROUND_MILLISECONDS) {
  const totals = variants.map(() => ({ count: 0, elapsed: 0, cpu: 0, rates: [] }));
  for (const variant of variants) await slice(variant.run, Math.min(100, milliseconds)); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < variants.length; step++) {
      const index = (round + step) % variants.length;
      const { count, elapsed, cpuMicroseconds } = await slice(variants[index].run, milliseconds);
      totals[index].count += count;
      totals[index].elapsed += elapsed;
      totals[index].cpu += cpuMicroseconds;
      totals[index].rates.push((count * 1000) / elapsed);
    }
  }
  console.log(`\n${title}`);
  const baseline = (totals[0].count * 1000) / totals[0].elapsed;
  for (const [index, variant] of variants.entries()) {
    const { count, elapsed, cpu, rates } = totals[index];
    const rate = (count * 1000) / elapsed;
    const ratios = rates
      .map((value, round) => value / totals[0].rates[round])
      .sort((a, b) => a - b);
    const quartile = (q) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))];
    console.log(
      `  ${variant.name.padEnd(48)} ${rate.toFixed(rate < 10 ? 2 : 0).padStart(8)} ops/s  ${(rate / baseline).toFixed(3)}x raw  (per-round median ${median(ratios).toFixed(2)}, quartiles ${quartile(0.25).toFixed(2)}-${quartile(0.75).toFixed(2)})  ${(cpu / count).toFixed(1).padStart(7)} us CPU/op`,
    );
  }
}

const server = await startMemcached();
const raw = promisedMemcached(server.location);
const client = createMemcachedClient({ servers: server.location });
const adapter = createMemcachedAdapter({ servers: server.location, namespace: 'measure' });
const cacheAdapter = createMemcachedAdapter({
  servers: server.location,
  namespace: 'measure-cache',
});
const cache = createCache({ adapter: cacheAdapter });
try {
  const KEYS = 1000;
  const key = (index) => `item:${index}`;
  const json = Array.from({ length: KEYS }, (_, index) => JSON.stringify(sampleValue(index)));
  for (let index = 0; index < KEYS; index++) await raw.set(key(index), json[index]);
  await adapter.setMany(json.map((text, index) => [key(index), { payload: text }]));
  await cache.setMany(json.map((text, index) => ({ key: key(index), value: JSON.parse(text) })));

  let hot = 0;
  const nextKey = () => {
    hot = (hot + 1) % 100;
    return key(hot);
  };
  await measure('get of one ~1 kB JSON value (sequential, 100 hot keys)', [
    {
      name: 'raw memcached 2.2.2 get + JSON.parse',
      run: async () => JSON.parse(expectHit(await raw.get(nextKey()), 'raw')),
    },
    {
      name: 'own client get + JSON.parse',
      run: async () => {
        const name = nextKey();
        const found = await client.get([name]);
        JSON.parse(expectHit(found.get(name), 'client').toString('utf8'));
      },
    },
    {
      name: 'adapter.get + JSON.parse',
      run: async () => JSON.parse(expectHit(await adapter.get(nextKey()), 'adapter').payload),
    },
    {
      name: 'cache.get (Cache on the adapter, no L1)',
      run: async () => expectHit(await cache.get(nextKey()), 'cache'),
    },
  ]);

  let window = 0;
  const nextWindow = () => {
    window = (window + 100) % KEYS;
    const start = window;
    return Array.from({ length: 100 }, (_, index) => key(start + index));
  };
  await measure('getMany of 100 ~1 kB JSON values (windows over 1,000 keys)', [
    {
      name: 'raw memcached 2.2.2 getMulti(100) + JSON.parse',
      run: async () => {
        const keys = nextWindow();
        const found = await raw.getMulti(keys);
        for (const name of keys) JSON.parse(expectHit(found[name], 'raw'));
      },
    },
    {
      name: 'own client get(100) + JSON.parse',
      run: async () => {
        const keys = nextWindow();
        const found = await client.get(keys);
        for (const name of keys) JSON.parse(expectHit(found.get(name), 'client').toString('utf8'));
      },
    },
    {
      name: 'adapter.getMany(100) + JSON.parse',
      run: async () => {
        const found = await adapter.getMany(nextWindow());
        for (const entry of found) JSON.parse(expectHit(entry, 'adapter').payload);
      },
    },
    {
      name: 'cache.getMany(100) (Cache on the adapter, no L1)',
      run: async () => {
        for (const value of await cache.getMany(nextWindow())) expectHit(value, 'cache');
      },
    },
  ]);

  // Issue 13, defect 4: 1,000 keys of 200 characters in one multi-get.
  const longKey = (index) => `${String(index).padStart(6, '0')}${'k'.repeat(194)}`;
  const longKeys = Array.from({ length: 1000 }, (_, index) => longKey(index));
  for (const name of longKeys) await raw.set(name, 'v');
  await adapter.setMany(longKeys.map((name) => [name, { payload: 'v' }]));
  await measure(
    'getMany of 1,000 keys of 200 characters (small values)',
    [
      {
        name: 'raw memcached 2.2.2 getMulti(1,000)',
        run: async () => {
          const found = await raw.getMulti(longKeys);
          if (Object.keys(found).length !== longKeys.length) throw new Error('raw: misses');
        },
      },
      {
        name: 'own client get(1,000)',
        run: async () => {
          if ((await client.get(longKeys)).size !== longKeys.length)
            throw new Error('client: misses');
        },
      },
      {
        name: 'adapter.getMany(1,000)',
        run: async () => {
          for (const entry of await adapter.getMany(longKeys)) expectHit(entry, 'adapter');
        },
      },
    ],
    5,
    1,
  ); // the raw client takes seconds per call here: one call per slice
  console.log(
    `\nnode ${process.version}, ${ROUNDS} rounds of ${ROUND_MILLISECONDS} ms per variant, load average ${(
      await import('node:os')
    )
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
} finally {
  raw.end();
  client.close();
  await cache.dispose();
  await cacheAdapter.dispose();
  await adapter.dispose();
  server.stop();
}
