import { InvalidOptionsError } from '@pc/core';
import { describeStore } from '@pc/core/testing';
import { describe, expect, it } from 'vitest';
import {
  createCachedGroupSource,
  type GroupSource,
  groupsInvalidator,
  groupsStore,
} from '../src/index.js';
import { InMemoryGroupSource } from './in-memory-group-source.js';

describeStore<GroupSource>({
  name: 'groups',
  source: () => new InMemoryGroupSource(),
  subject: ({ cache, source }) => createCachedGroupSource({ cache, source }),
  rows: {
    getUserGroups: [
      {
        kind: 'read',
        title: 'u-1',
        args: ['u-1'],
        key: 'groups:u-1',
        tags: ['group-admins', 'group-staff'],
      },
      { kind: 'read', title: 'u-3', args: ['u-3'], key: 'groups:u-3', tags: ['group-support'] },
    ],
    getUsersGroups: {
      kind: 'read-many',
      entries: [
        { id: 'u-1', key: 'groups:u-1', tags: ['group-admins', 'group-staff'] },
        { id: 'u-2', key: 'groups:u-2', tags: ['group-staff'] },
        { id: 'u-3', key: 'groups:u-3', tags: ['group-support'] },
        { id: 'u-4', key: 'groups:u-4' },
      ],
    },
    addMember: { kind: 'write', args: ['support', 'u-2'], invalidates: { keys: ['groups:u-2'] } },
    removeMember: { kind: 'write', args: ['admins', 'u-1'], invalidates: { keys: ['groups:u-1'] } },
    deleteGroup: { kind: 'write', args: ['staff'], invalidates: { tags: ['group-staff'] } },
  },
});

describe('groups store', () => {
  it('rejects unknown and invalid options, naming them', () => {
    const source = new InMemoryGroupSource();
    expect(() => groupsStore(source, { tags: [] } as never)).toThrowError('unknown option "tags"');
    expect(() => groupsStore(source, { burst: { ttlMilliseconds: 0 } })).toThrowError(
      InvalidOptionsError,
    );
  });

  it('the invalidator drops members by key and groups by tag', async () => {
    expect([...groupsInvalidator.entities].sort()).toEqual(['group', 'group-membership']);
    expect(
      await groupsInvalidator.targets({ entity: 'group', action: 'delete', ids: ['g-1'] }),
    ).toEqual({ keys: [], tags: ['group-g-1'] });
    expect(
      await groupsInvalidator.targets({
        entity: 'group-membership',
        action: 'update',
        ids: ['u-1'],
      }),
    ).toEqual({ keys: ['groups:u-1'], tags: [] });
  });
});
