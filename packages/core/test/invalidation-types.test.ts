import { describe, expectTypeOf, it } from 'vitest';
import {
  type AssertAllHandled,
  type Cache,
  createCache,
  createInvalidatorRegistry,
  createRepositoryEvents,
  createStoreInvalidator,
  defineStore,
  type HandledEvent,
  type InvalidateEvent,
  type Invalidator,
  type UnhandledEvent,
} from '../src/index.js';
import type { StoreRows } from '../src/testing/index.js';
import { MapAdapter } from './support/map-adapter.js';

// These tests are checked by the compiler (`tsc --noEmit` covers test/): every
// `@ts-expect-error` must meet an error, or type-checking fails.

type AclChanged = InvalidateEvent<'acl', string>;
type GroupDeleted = InvalidateEvent<'group', string> & { readonly action: 'delete' };
type ContentTypeChanged = InvalidateEvent<'content-type', number>;
type AnyInvalidateEvent = AclChanged | GroupDeleted | ContentTypeChanged;

const aclsInvalidator = createStoreInvalidator(
  defineStore<string, string[], AclChanged>({
    name: 'acls',
    key: (accountId) => accountId,
    load: async () => [],
    invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
  }),
);
const groupsInvalidator: Invalidator<GroupDeleted> = {
  name: 'groups',
  entities: ['group'],
  targets: (event) => ({ tags: event.ids.map((id) => `group-${id}`) }),
};
const contentTypesInvalidator: Invalidator<ContentTypeChanged> = {
  name: 'content-types',
  entities: ['content-type'],
  targets: (event) => ({ tags: event.ids.map((id) => `content-fields-type-${id}`) }),
};

describe('invalidation types', () => {
  it('AssertAllHandled is true when every event has an invalidator', () => {
    const invalidators = [aclsInvalidator, groupsInvalidator, contentTypesInvalidator] as const;
    const allHandled: AssertAllHandled<AnyInvalidateEvent, typeof invalidators> = true;
    expectTypeOf(allHandled).toEqualTypeOf<true>();
    expectTypeOf<HandledEvent<typeof invalidators>>().toEqualTypeOf<AnyInvalidateEvent>();
  });

  it('AssertAllHandled fails to compile and names the event no invalidator handles', () => {
    const invalidators = [aclsInvalidator, groupsInvalidator] as const;
    expectTypeOf<
      UnhandledEvent<AnyInvalidateEvent, typeof invalidators>
    >().toEqualTypeOf<ContentTypeChanged>();
    // @ts-expect-error: ContentTypeChanged has no invalidator
    const allHandled: AssertAllHandled<AnyInvalidateEvent, typeof invalidators> = true;
    expectTypeOf(allHandled).not.toEqualTypeOf<true>();
  });

  it('the registry accepts exactly the events its invalidators handle', () => {
    const cache: Cache = createCache({ adapter: new MapAdapter(), burst: false });
    const registry = createInvalidatorRegistry(cache, [aclsInvalidator, groupsInvalidator]);
    expectTypeOf(registry.dispatch)
      .parameter(0)
      .toEqualTypeOf<(AclChanged | GroupDeleted) | readonly (AclChanged | GroupDeleted)[]>();
    const event = { entity: 'content-type', action: 'update', ids: [1] } as ContentTypeChanged;
    // @ts-expect-error: no invalidator handles content-type events
    void registry.targetsOf(event);
    const anyEvent = event as AnyInvalidateEvent;
    // @ts-expect-error: a repository emitting AnyInvalidateEvent sees the gap at compile time
    void registry.targetsOf(anyEvent);
    // @ts-expect-error: group events only come with action "delete"
    void registry.targetsOf({ entity: 'group', action: 'update', ids: ['g-1'] });
    void cache.dispose();
  });

  it('repository events only accept events that allow the action', () => {
    // Compile-time only: the calls are type-checked, never run.
    const compileOnly = (cache: Cache) => {
      const events = createRepositoryEvents(
        createInvalidatorRegistry(cache, [aclsInvalidator, groupsInvalidator]),
      );
      const write = async () => 1;
      void events.onUpdate({ entity: 'acl', ids: ['a-1'] }, write);
      void events.onDelete({ entity: 'group', ids: ['g-1'] }, write);
      void events.onCreate((id) => ({ entity: 'acl', ids: [String(id)] }), write);
      // @ts-expect-error: group events only come with action "delete"
      void events.onUpdate({ entity: 'group', ids: ['g-1'] }, write);
      // @ts-expect-error: acl ids are strings
      void events.onUpdate({ entity: 'acl', ids: [1] }, write);
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it('the store kit rows must cover every method of the source', () => {
    interface Source {
      get(id: string): Promise<number>;
      set(id: string, value: number): Promise<void>;
      readonly size: number;
    }
    const complete: StoreRows<Source> = {
      get: { kind: 'read', args: ['a'], key: 'things:a' },
      set: { kind: 'write', args: ['a', 1] },
    };
    expectTypeOf(complete).toExtend<StoreRows<Source>>();
    // @ts-expect-error: "set" has no row
    const incomplete: StoreRows<Source> = { get: { kind: 'read', args: ['a'], key: 'things:a' } };
    void incomplete;
    const wrongArguments: StoreRows<Source> = {
      // @ts-expect-error: get takes a string
      get: { kind: 'read', args: [1], key: 'things:1' },
      set: { kind: 'write', args: ['a', 1] },
    };
    void wrongArguments;
  });
});
