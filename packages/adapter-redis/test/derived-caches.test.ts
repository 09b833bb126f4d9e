import {
  bindDerivedCache,
  bindStore,
  createCache,
  createInvalidatorRegistry,
  createRepositoryEvents,
  createStoreInvalidator,
  defineDerivedCache,
  defineStore,
  type InvalidateEvent,
} from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { eventually, PATIENT, uniqueName } from './helpers.js';

const { redis } = testServices();

type AclChanged = InvalidateEvent<'acl', string>;

/** The database both "processes" share. */
const database = {
  acls: new Map<string, Record<string, string[]>>(),
  groups: new Map<string, string[]>(),
};

const acls = defineStore<string, Record<string, string[]>, AclChanged>({
  name: 'acls',
  key: (accountId) => accountId,
  load: async (accountId) => structuredClone(database.acls.get(accountId)),
  invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
});
const groups = defineStore<string, string[]>({
  name: 'groups',
  key: (userId) => userId,
  tags: (_, list) => list.map((group) => `group-${group}`),
  load: async (userId) => database.groups.get(userId),
});

function accessDefinition(computed: { count: number }) {
  return defineDerivedCache({
    name: 'access',
    uses: { acls, groups },
    key: ({ userId, accountId }: { userId: string; accountId: string }) => `${userId}:${accountId}`,
    compute: async ({ userId, accountId }, inputs) => {
      computed.count++;
      const [acl, userGroups] = await Promise.all([
        inputs.acls.get(accountId),
        inputs.groups.get(userId),
      ]);
      return [...new Set((userGroups ?? []).flatMap((group) => acl?.[group] ?? []))].sort();
    },
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One "process": its own Redis connections, bus subscriber, L1 and bound caches. */
async function startProcess(namespace: string, channel: string) {
  const adapter = createRedisAdapter({ namespace, url: redis.url, ...PATIENT });
  const bus = createRedisBus({ url: redis.url, channel, ...PATIENT });
  const cache = createCache({ adapter, bus, burst: { ttlMilliseconds: 600_000 } });
  cleanups.push(async () => {
    await cache.dispose();
    await bus.dispose();
    await adapter.dispose();
  });
  await cache.ready();
  const computed = { count: 0 };
  const access = bindDerivedCache(cache, accessDefinition(computed));
  const registry = createInvalidatorRegistry(cache, [createStoreInvalidator(acls)]);
  return {
    cache,
    computed,
    access,
    acls: bindStore(cache, acls),
    events: createRepositoryEvents<AclChanged>(registry),
  };
}

describe('derived caches on Redis, two processes with the bus', () => {
  const ANN = { userId: 'ann', accountId: 'acme' };

  it('an input invalidated in one process (by event, by key, by tag) makes the derived value miss in the other', async () => {
    database.acls.set('acme', { admins: ['billing'], staff: ['read'] });
    database.groups.set('ann', ['admins']);
    const namespace = uniqueName('derived');
    const channel = uniqueName('derived');
    const a = await startProcess(namespace, channel);
    const b = await startProcess(namespace, channel);

    expect(await a.access.get(ANN)).toEqual(['billing']);
    // Process B reads the value A computed, from Redis.
    expect(await b.access.get(ANN)).toEqual(['billing']);
    expect(b.computed.count).toBe(0);

    // By event in B: A's L1 copy is dropped by the bus, Redis has it invalidated.
    await b.events.onUpdate({ entity: 'acl', ids: ['acme'] }, async () => {
      database.acls.set('acme', { admins: ['read'] });
    });
    await eventually(async () => expect(await a.access.get(ANN)).toEqual(['read']));
    expect(a.computed.count).toBe(2);

    // By key in A.
    database.acls.set('acme', { admins: ['write'] });
    await a.acls.invalidate(['acme']);
    await eventually(async () => expect(await b.access.get(ANN)).toEqual(['write']));

    // By tag of an input entry, in B.
    expect(await a.access.get(ANN)).toEqual(['write']);
    database.groups.set('ann', ['staff']);
    await b.cache.invalidateTags(['group-admins']);
    await eventually(async () => expect(await a.access.get(ANN)).toEqual([]));
  });
});
