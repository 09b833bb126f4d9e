import { bindDerivedCache, bindStore, createCache, defineDerivedCache, defineStore } from '@pc/core';
import { createRedisAdapter } from './dist/index.js';

const url = 'redis://127.0.0.1:46391';
const N = 2000;
const plainAcls = defineStore({ name: 'plain', key: (id) => id, load: async (id) => ({ id, grants: { staff: ['read'] } }) });
const acls = defineStore({ name: 'acls', key: (id) => id, load: async (id) => ({ id, grants: { staff: ['read'] } }) });
const groups = defineStore({ name: 'groups', key: (id) => id, tags: (_, g) => g.map((x) => `group-${x}`), load: async () => ['staff', 'admins'] });
const access = defineDerivedCache({
  name: 'access', uses: { acls, groups },
  key: ({ u, a }) => `${u}:${a}`,
  compute: async ({ u, a }, inputs) => {
    const [g, acl] = await Promise.all([inputs.groups.get(u), inputs.acls.get(a)]);
    return g.flatMap((x) => acl.grants[x] ?? []);
  },
});
const adapter = createRedisAdapter({ url, namespace: `bench-${Date.now()}` });
const cache = createCache({ adapter, burst: false });
const plain = bindStore(cache, plainAcls);
const boundAcls = bindStore(cache, acls);
const boundGroups = bindStore(cache, groups);
const derived = bindDerivedCache(cache, access);
const time = async (label, fn) => {
  const samples = [];
  for (let i = 0; i < N; i++) { const t = performance.now(); await fn(i); samples.push(performance.now() - t); }
  samples.sort((x, y) => x - y);
  console.log(`${label}: p50 ${(samples[N / 2] * 1000).toFixed(0)} us, p99 ${(samples[Math.floor(N * 0.99)] * 1000).toFixed(0)} us`);
};
for (let round = 0; round < 2; round++) {
  console.log(`round ${round + 1}`);
  await time('invalidate one key, store without derived caches', (i) => plain.invalidate([`a${i % 50}`]));
  await time('invalidate one key, input of a derived cache   ', (i) => boundAcls.invalidate([`a${i % 50}`]));
  for (let i = 0; i < 50; i++) await derived.get({ u: 'u1', a: `a${i}` });
  await time('derived L2 hit (burst off)                      ', (i) => derived.get({ u: 'u1', a: `a${i % 50}` }));
  await time('same check from the two stores (L2 hits)        ', async (i) => {
    const [g, acl] = await Promise.all([boundGroups.get('u1'), boundAcls.get(`a${i % 50}`)]);
    return g.flatMap((x) => acl.grants[x] ?? []);
  });
  await time('derived miss (compute from two L2 store hits)   ', (i) => { return derived.invalidate([{ u: 'u1', a: `a${i % 50}` }]).then(() => derived.get({ u: 'u1', a: `a${i % 50}` })); });
}
await cache.dispose(); await adapter.clear(); await adapter.dispose();
