import { describe, expect, it } from 'vitest';
import {
  type Cache,
  createCache,
  createInvalidatorRegistry,
  createStoreInvalidator,
  defineStore,
  type InvalidateEvent,
  InvalidationError,
  type Invalidator,
  InvalidOptionsError,
  type StoreInvalidationRules,
} from '../src/index.js';
import { recordCalls } from '../src/testing/store-kit/call-recorder.js';
import { MapAdapter } from './support/map-adapter.js';

type AclChanged = InvalidateEvent<'acl', string>;
type GroupDeleted = InvalidateEvent<'group', string> & { readonly action: 'delete' };
type LocationMoved = InvalidateEvent<
  'location-subtree',
  number,
  { readonly oldParentId: number; readonly newParentId: number }
>;

const acls = defineStore<string, string[], AclChanged>({
  name: 'acls',
  key: (accountId) => accountId,
  load: async () => [],
  invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
});

const aclAudit: Invalidator<AclChanged> = {
  name: 'acl-audit',
  entities: ['acl'],
  actions: ['delete'],
  targets: (event) => ({ tags: event.ids.map((id) => `audit-${id}`) }),
};

const groups: Invalidator<GroupDeleted> = {
  name: 'groups',
  entities: ['group'],
  targets: (event) => ({ tags: event.ids.map((id) => `group-${id}`) }),
};

const subtrees: Invalidator<LocationMoved> = {
  name: 'subtrees',
  entities: ['location-subtree'],
  async targets(event) {
    return {
      tags: event.ids.map((id) => `location-path-${id}`),
      keys: [
        `children:${event.data!.oldParentId}`,
        `children:${event.data!.newParentId}`,
        `children:${event.data!.newParentId}`,
      ],
    };
  },
};

function setup() {
  const cache = createCache({ adapter: new MapAdapter(), burst: false });
  const recorded = recordCalls<Cache>(cache);
  const registry = createInvalidatorRegistry(recorded.proxy, [
    createStoreInvalidator(acls),
    aclAudit,
    groups,
    subtrees,
  ]);
  return { cache, calls: recorded.calls, registry };
}

describe('invalidator registry', () => {
  it('dispatches many events to every matching invalidator as one invalidate call', async () => {
    const { registry, calls } = setup();
    const targets = await registry.dispatch([
      { entity: 'acl', action: 'update', ids: ['a-1', 'a-2'] },
      { entity: 'acl', action: 'delete', ids: ['a-2'] },
      { entity: 'group', action: 'delete', ids: ['g-1'] },
      {
        entity: 'location-subtree',
        action: 'update',
        ids: [7],
        data: { oldParentId: 2, newParentId: 3 },
      },
    ]);
    expect(targets).toEqual({
      keys: ['acls:a-1', 'acls:a-2', 'children:2', 'children:3'],
      tags: ['audit-a-2', 'group-g-1', 'location-path-7'],
    });
    expect(calls).toEqual([{ method: 'invalidate', args: [targets] }]);
  });

  it('skips invalidators whose actions do not include the event action', async () => {
    const { registry } = setup();
    expect(await registry.targetsOf({ entity: 'acl', action: 'update', ids: ['a-1'] })).toEqual({
      keys: ['acls:a-1'],
      tags: [],
    });
  });

  it('makes no cache call when nothing is touched', async () => {
    const { registry, calls } = setup();
    await registry.dispatch({ entity: 'acl', action: 'update', ids: [] });
    await registry.dispatch([]);
    expect(calls).toEqual([]);
  });

  it('the dispatched invalidation really drops the entries', async () => {
    const { registry, cache } = setup();
    await cache.set('acls:a-1', ['admins']);
    await cache.set('other', 1, { tags: ['group-g-1'] });
    await cache.set('kept', 2, { tags: ['group-g-2'] });
    await registry.dispatch([
      { entity: 'acl', action: 'update', ids: ['a-1'] },
      { entity: 'group', action: 'delete', ids: ['g-1'] },
    ]);
    expect(await cache.getMany(['acls:a-1', 'other', 'kept'])).toEqual([undefined, undefined, 2]);
  });

  it('when an invalidator throws, the others still run and dispatch rejects with InvalidationError', async () => {
    const cache = createCache({ adapter: new MapAdapter(), burst: false });
    const broken: Invalidator<AclChanged> = {
      name: 'broken',
      entities: ['acl'],
      targets: () => {
        throw new Error('no data');
      },
    };
    const registry = createInvalidatorRegistry(cache, [createStoreInvalidator(acls), broken]);
    await cache.set('acls:a-1', ['admins']);
    const dispatched = registry.dispatch({ entity: 'acl', action: 'update', ids: ['a-1'] });
    await expect(dispatched).rejects.toThrowError(InvalidationError);
    await expect(dispatched).rejects.toThrowError('"broken" threw: no data');
    expect(await cache.get('acls:a-1')).toBeUndefined();
    await expect(
      registry.targetsOf({ entity: 'acl', action: 'update', ids: ['a-1'] }),
    ).rejects.toThrowError(InvalidationError);
  });

  it('rejects malformed invalidators and duplicate names', () => {
    const cache = createCache({ adapter: new MapAdapter(), burst: false });
    expect(() => createInvalidatorRegistry(cache, [groups, groups])).toThrowError(
      'two invalidators are named "groups"',
    );
    expect(() =>
      createInvalidatorRegistry(cache, [{ ...groups, entities: [] } as Invalidator<GroupDeleted>]),
    ).toThrowError(InvalidOptionsError);
    expect(() =>
      createInvalidatorRegistry(cache, [{ name: 'x', entities: ['acl'] } as never]),
    ).toThrowError('has no targets()');
  });

  it('a store invalidator needs only the rules (name, key, invalidatedBy), not the loaders', async () => {
    const rules: StoreInvalidationRules<string, AclChanged> = {
      name: 'acls',
      key: (accountId) => accountId,
      invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
    };
    const invalidator = createStoreInvalidator(rules);
    expect(invalidator.name).toBe('acls');
    expect(invalidator.entities).toEqual(['acl']);
    expect(await invalidator.targets({ entity: 'acl', action: 'delete', ids: ['a-9'] })).toEqual({
      keys: ['acls:a-9'],
      tags: [],
    });
    expect(() =>
      createStoreInvalidator<string, AclChanged>({ ...rules, name: 'no spaces' }),
    ).toThrowError(InvalidOptionsError);
  });

  it('a store without invalidatedBy rules has no invalidator', () => {
    const plain = defineStore<string, number>({
      name: 'plain',
      key: (id) => id,
      load: async () => 1,
    });
    expect(() => createStoreInvalidator(plain)).toThrowError('has no "invalidatedBy" rules');
  });

  it('a malformed event is refused', async () => {
    const { registry } = setup();
    await expect(registry.dispatch({ entity: 'acl' } as never)).rejects.toThrowError(
      InvalidOptionsError,
    );
  });
});
