import { describe, expect, it } from 'vitest';
import {
  bindDerivedCache,
  bindStore,
  type Cache,
  CacheLayerError,
  createCache,
  createInvalidatorRegistry,
  createRepositoryEvents,
  createStoreInvalidator,
  defineDerivedCache,
  dependencyTag,
  InvalidOptionsError,
} from '../src/index.js';
import { createGate } from '../src/testing/index.js';
import { createLocalBus } from '../src/testing/runtime/local-bus.js';
import { recordEntries } from '../src/testing/store-kit/entry-recorder.js';
import {
  accessCache,
  aclsStore,
  billingCache,
  Directory,
  groupsStore,
} from './support/access-fixture.js';
import { MapAdapter } from './support/map-adapter.js';

const LONG_BURST = { ttlMilliseconds: 600_000 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

function world(options: { cache?: Cache; directory?: Directory } = {}) {
  const directory = options.directory ?? new Directory();
  const adapter = new MapAdapter();
  const cache = options.cache ?? createCache({ adapter, burst: LONG_BURST });
  const groups = groupsStore(directory);
  const acls = aclsStore(directory);
  const hooks: { computed: number; beforeFinish?: () => Promise<void> } = { computed: 0 };
  const billingHooks = { computed: 0 };
  const accessDefinition = accessCache(groups, acls, hooks);
  const access = bindDerivedCache(cache, accessDefinition);
  const billing = bindDerivedCache(cache, billingCache(accessDefinition, billingHooks));
  const registry = createInvalidatorRegistry(cache, [
    createStoreInvalidator(groups),
    createStoreInvalidator(acls),
  ]);
  return {
    directory,
    adapter,
    cache,
    hooks,
    billingHooks,
    access,
    billing,
    groups: bindStore(cache, groups),
    acls: bindStore(cache, acls),
    events: createRepositoryEvents(registry),
  };
}

const ANN_ACME = { userId: 'ann', accountId: 'acme' };

describe('derived caches: dependencies are recorded from what the computation reads', () => {
  it('stores the value with a dependency tag per input entry and the inputs own tags, no manual tags', async () => {
    const adapter = new MapAdapter();
    const recorded = recordEntries(adapter);
    const { access } = world({ cache: createCache({ adapter: recorded.adapter, burst: false }) });
    expect(await access.get(ANN_ACME)).toEqual(['billing', 'read']);
    const entry = recorded.written.find((written) => written.key === 'access:ann:acme');
    expect(entry?.tags).toEqual(
      ['group-admins', 'group-staff', 'pc-dep:acls:acme', 'pc-dep:groups:ann'].sort(),
    );
    expect(dependencyTag([], 'acls:acme')).toBe('pc-dep:acls:acme');
    expect(dependencyTag(['app', 'v2'], 'acls:acme')).toBe('pc-dep/app/v2:acls:acme');
  });

  it('a hit computes nothing and reads no store; getMany computes only the misses', async () => {
    const { access, hooks, directory } = world();
    await access.get(ANN_ACME);
    directory.reads.length = 0;
    expect(await access.get(ANN_ACME)).toEqual(['billing', 'read']);
    expect(hooks.computed).toBe(1);
    expect(directory.reads).toEqual([]);
    const many = await access.getMany([ANN_ACME, { userId: 'bob', accountId: 'globex' }]);
    expect(many).toEqual([
      ['billing', 'read'],
      ['read', 'write'],
    ]);
    expect(hooks.computed).toBe(2);
  });

  it('an input that does not exist is a dependency too: creating it invalidates the value', async () => {
    const { access, acls, directory } = world();
    const carl = { userId: 'ann', accountId: 'initech' };
    expect(await access.get(carl)).toEqual([]);
    directory.aclByAccount.set('initech', { admins: ['admin'] });
    await acls.invalidate(['initech']);
    expect(await access.get(carl)).toEqual(['admin']);
  });

  it('compute returning undefined is not cached', async () => {
    const directory = new Directory();
    const cache = createCache({ adapter: new MapAdapter(), burst: false });
    let computed = 0;
    const maybe = bindDerivedCache(
      cache,
      defineDerivedCache({
        name: 'maybe',
        uses: { acls: aclsStore(directory) },
        key: (accountId: string) => accountId,
        compute: async (accountId, inputs) => {
          computed++;
          return (await inputs.acls.get(accountId)) === undefined ? undefined : 'yes';
        },
      }),
    );
    expect(await maybe.get('nobody')).toBeUndefined();
    expect(await maybe.get('nobody')).toBeUndefined();
    expect(computed).toBe(2);
  });
});

describe('derived caches: invalidating an input makes the derived value a miss', () => {
  it('by key (the store bound by the app, not the derived cache)', async () => {
    const { access, acls, hooks, directory } = world();
    await access.get(ANN_ACME);
    directory.aclByAccount.get('acme')!.staff!.push('write');
    await acls.invalidate(['acme']);
    expect(await access.get(ANN_ACME)).toEqual(['billing', 'read', 'write']);
    expect(hooks.computed).toBe(2);
  });

  it('by key through Cache.invalidate, and only the values that read that key', async () => {
    const { access, cache, hooks } = world();
    await access.get(ANN_ACME);
    await access.get({ userId: 'bob', accountId: 'globex' });
    await cache.invalidate({ keys: ['groups:ann'] });
    await access.get(ANN_ACME);
    await access.get({ userId: 'bob', accountId: 'globex' });
    expect(hooks.computed).toBe(3);
  });

  it('by tag of an input entry', async () => {
    const { access, cache, hooks, directory } = world();
    await access.get(ANN_ACME);
    directory.groupsByUser.set('ann', ['staff']);
    await cache.invalidateTags(['group-admins']);
    expect(await access.get(ANN_ACME)).toEqual(['read']);
    expect(hooks.computed).toBe(2);
  });

  it('by a repository event through the invalidator registry', async () => {
    const { access, events, hooks, directory } = world();
    await access.get(ANN_ACME);
    await events.onUpdate({ entity: 'acl', ids: ['acme'] }, async () => {
      directory.aclByAccount.set('acme', {});
    });
    expect(await access.get(ANN_ACME)).toEqual([]);
    await events.onUpdate({ entity: 'group-membership', ids: ['ann'] }, async () => {
      directory.groupsByUser.set('ann', []);
    });
    expect(await access.get(ANN_ACME)).toEqual([]);
    expect(hooks.computed).toBe(3);
  });

  it('through two layers: an input of the layer-1 cache reaches the layer-2 cache', async () => {
    const { billing, access, acls, hooks, billingHooks, directory } = world();
    expect(await billing.get('ann')).toEqual(['acme']);
    directory.aclByAccount.get('globex')!.staff!.push('billing');
    await acls.invalidate(['globex']);
    expect(await billing.get('ann')).toEqual(['acme', 'globex']);
    expect(billingHooks.computed).toBe(2);
    // Only the layer-1 value that read the ACL was computed again.
    expect(hooks.computed).toBe(3);
    // Invalidating the layer-1 value itself by key reaches the layer-2 value too.
    await access.invalidate([ANN_ACME]);
    await billing.get('ann');
    expect(billingHooks.computed).toBe(3);
  });

  it('inside a transaction: applied at commit', async () => {
    const { access, acls, cache, hooks } = world();
    await access.get(ANN_ACME);
    await cache.transaction(async () => {
      await acls.invalidate(['acme']);
    });
    await access.get(ANN_ACME);
    expect(hooks.computed).toBe(2);
  });

  it('in a namespace: inputs and dependency tags are the namespace own', async () => {
    const root = createCache({ adapter: new MapAdapter(), burst: false });
    const { access, hooks } = world({ cache: root.namespace('app') });
    await access.get(ANN_ACME);
    await root.namespace('app').invalidate({ keys: ['acls:acme'] });
    await access.get(ANN_ACME);
    expect(hooks.computed).toBe(2);
    // The same key at the root is another entry: no dependency there.
    await root.invalidate({ keys: ['acls:acme'] });
    await access.get(ANN_ACME);
    expect(hooks.computed).toBe(2);
  });

  it('in another process: the bus drops the derived value from L1, L2 has it invalidated', async () => {
    const adapter = new MapAdapter();
    const processA = createCache({ adapter, bus: createLocalBus('derived'), burst: LONG_BURST });
    const processB = createCache({ adapter, bus: createLocalBus('derived'), burst: LONG_BURST });
    await Promise.all([processA.ready(), processB.ready()]);
    const directory = new Directory();
    const a = world({ cache: processA, directory });
    const b = world({ cache: processB, directory });
    await a.access.get(ANN_ACME);
    await b.access.get(ANN_ACME);
    expect(b.hooks.computed).toBe(0);
    directory.aclByAccount.set('acme', { admins: ['admin'] });
    await b.events.onUpdate({ entity: 'acl', ids: ['acme'] }, async () => {});
    await tick();
    expect(await a.access.get(ANN_ACME)).toEqual(['admin']);
    expect(a.hooks.computed).toBe(2);
  });
});

describe('derived caches: fencing', () => {
  it('an input invalidated while the computation runs leaves nothing readable', async () => {
    const { access, acls, cache, hooks, directory } = world();
    const gate = createGate();
    hooks.beforeFinish = gate.loader(undefined);
    const reading = access.get(ANN_ACME);
    await gate.entered;
    directory.aclByAccount.set('acme', {});
    await acls.invalidate(['acme']);
    gate.open();
    // The caller that started before the invalidation gets what it computed...
    expect(await reading).toEqual(['billing', 'read']);
    // ...but it was not stored, in L2 or L1.
    expect(await cache.get('access:ann:acme')).toBeUndefined();
    hooks.beforeFinish = undefined;
    expect(await access.get(ANN_ACME)).toEqual([]);
    expect(hooks.computed).toBe(2);
  });

  it('an input tag invalidated while an input loads leaves nothing readable', async () => {
    const { access, cache, hooks, directory } = world();
    let release!: () => void;
    directory.groupsGate = new Promise((resolve) => {
      release = resolve;
    });
    const reading = access.get(ANN_ACME);
    await tick();
    directory.groupsByUser.set('ann', ['staff']);
    await cache.invalidateTags(['group-admins']);
    release();
    await reading;
    directory.groupsGate = undefined;
    expect(await access.get(ANN_ACME)).toEqual(['read']);
    expect(hooks.computed).toBe(2);
  });

  it('an input read just before its delete, in a computation that started after the invalidation began, is not stored', async () => {
    // The invalidation's key delete is slow (held by a gate); the computation
    // starts and reads the old input meanwhile. The dependency tag is bumped only
    // after the delete, so the computation's value is either refused or stored
    // with the version the invalidation then replaces.
    const adapter = new MapAdapter();
    let releaseDelete!: () => void;
    const deleteGate = new Promise<void>((resolve) => {
      releaseDelete = resolve;
    });
    let holdDeletes = false;
    const deleteMany = adapter.deleteMany.bind(adapter);
    adapter.deleteMany = async (keys) => {
      if (holdDeletes) await deleteGate;
      return deleteMany(keys);
    };
    const { access, acls, cache, directory } = world({
      cache: createCache({ adapter, burst: false }),
    });
    await acls.get('acme');
    holdDeletes = true;
    directory.aclByAccount.set('acme', {});
    const invalidation = acls.invalidate(['acme']);
    await tick();
    expect(await access.get(ANN_ACME)).toEqual(['billing', 'read']);
    releaseDelete();
    await invalidation;
    holdDeletes = false;
    expect(await cache.get('access:ann:acme')).toBeUndefined();
    expect(await access.get(ANN_ACME)).toEqual([]);
  });
});

describe('derived caches: computations read their inputs around L1', () => {
  it('an input another process invalidated, still in this process L1, is not what the value is computed from', async () => {
    // No bus: process A keeps the old ACL in its L1 until the burst TTL. A value
    // computed from it would outlive that TTL in L2, for every process.
    const adapter = new MapAdapter();
    const directory = new Directory();
    const a = world({ cache: createCache({ adapter, burst: LONG_BURST }), directory });
    const b = world({ cache: createCache({ adapter, burst: LONG_BURST }), directory });
    expect(await a.acls.get('acme')).toEqual(directory.aclByAccount.get('acme'));
    directory.aclByAccount.set('acme', {});
    await b.acls.invalidate(['acme']);
    expect(await a.access.get(ANN_ACME)).toEqual([]);
    expect(await b.access.get(ANN_ACME)).toEqual([]);
  });
});

describe('derived caches: layers are checked at definition time', () => {
  const directory = new Directory();
  const groups = groupsStore(directory);
  const acls = aclsStore(directory);
  const access = accessCache(groups, acls);

  it('rejects a cache that uses a cache of its own layer, naming the path', () => {
    const attempt = () =>
      defineDerivedCache({
        name: 'summary',
        uses: { access },
        key: (userId: string) => userId,
        compute: async () => 'x',
      });
    expect(attempt).toThrow(CacheLayerError);
    expect(attempt).toThrow(/"summary" \(layer 1\) uses "access" \(layer 1\): summary -> access/);
    try {
      attempt();
    } catch (error) {
      expect(InvalidOptionsError.isInstance(error)).toBe(true);
      expect((error as CacheLayerError).path).toEqual(['summary', 'access']);
      expect((error as CacheLayerError).code).toBe('PC_CACHE_LAYER');
    }
  });

  it('rejects a cycle, naming the path', () => {
    // A getter stands for a definition whose inputs change after it was checked
    // (e.g. filled in by another module).
    const later: Record<string, unknown> = {};
    const first = {
      name: 'first',
      layer: 1,
      get uses() {
        return later as never;
      },
      key: (id: string) => id,
      compute: async () => 'x',
    };
    const second = {
      name: 'second',
      layer: 2,
      uses: { first },
      key: (id: string) => id,
      compute: async () => 'x',
    };
    later.second = second;
    later.groups = groups;
    let caught: unknown;
    try {
      defineDerivedCache(second);
    } catch (error) {
      caught = error;
    }
    expect(CacheLayerError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain('second -> first -> second');
    expect((caught as CacheLayerError).path).toEqual(['second', 'first', 'second']);
  });

  it('rejects an upward dependency, an undefined input and a missing "uses"', () => {
    const top = defineDerivedCache({
      name: 'top',
      layer: 3,
      uses: { access },
      key: (id: string) => id,
      compute: async () => 'x',
    });
    expect(() =>
      defineDerivedCache({
        name: 'low',
        layer: 2,
        uses: { top },
        key: (id: string) => id,
        compute: async () => 'x',
      }),
    ).toThrow(/"low" \(layer 2\) uses "top" \(layer 3\): low -> top/);
    expect(() =>
      defineDerivedCache({
        name: 'early',
        uses: { missing: undefined as never },
        key: (id: string) => id,
        compute: async () => 'x',
      }),
    ).toThrow(/"uses.missing" is undefined: define it before this cache/);
    expect(() =>
      defineDerivedCache({
        name: 'alone',
        uses: {},
        key: (id: string) => id,
        compute: async () => 'x',
      }),
    ).toThrow(InvalidOptionsError);
    expect(() =>
      defineDerivedCache({
        name: 'bad layer',
        uses: { groups },
        key: (id: string) => id,
        compute: async () => 'x',
      }),
    ).toThrow(/"name"/);
    expect(() =>
      defineDerivedCache({
        name: 'zero',
        layer: 0,
        uses: { groups },
        key: (id: string) => id,
        compute: async () => 'x',
      }),
    ).toThrow(/"layer"/);
  });

  it('binding rejects a different definition under a name already bound', () => {
    const cache = createCache({ adapter: new MapAdapter(), burst: false });
    bindStore(cache, groupsStore(directory));
    expect(() => bindDerivedCache(cache, access)).toThrow(/already bound/);
  });
});

describe('derived caches: caches without derived caches pay nothing', () => {
  it('a key invalidation of a store no derived cache uses writes no tag', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    const directory = new Directory();
    const groups = bindStore(cache, groupsStore(directory));
    await groups.get('ann');
    adapter.resetCalls();
    await groups.invalidate(['ann']);
    expect(adapter.calls.map((call) => call.method)).toEqual(['deleteMany']);
  });

  it('a key invalidation of an input also writes its dependency tag (epoch, then version)', async () => {
    const { adapter, acls } = world({
      cache: undefined,
    });
    adapter.resetCalls();
    await acls.invalidate(['acme']);
    expect(adapter.calls).toEqual([
      { method: 'deleteMany', keys: ['e:acls:acme'] },
      { method: 'set', keys: [expect.any(String)] },
      { method: 'setMany', keys: ['t:pc-dep:acls:acme'] },
    ]);
  });
});
