import { bindStore, createCache, InvalidOptionsError } from '@pc/core';
import { createMapAdapter, describeStore } from '@pc/core/testing';
import { describe, expect, it } from 'vitest';
import { type AclSource, aclsInvalidator, aclsStore, createCachedAclSource } from '../src/index.js';
import { InMemoryAclSource } from './in-memory-acl-source.js';

const TTL = 600_000;

describeStore<AclSource>({
  name: 'acls',
  source: () => new InMemoryAclSource(),
  subject: ({ cache, source }) =>
    createCachedAclSource({ cache, source, store: { ttlMilliseconds: TTL } }),
  rows: {
    getAccountAcl: [
      { kind: 'read', title: 'a-1', args: ['a-1'], key: 'acls:a-1', ttlMilliseconds: TTL },
      { kind: 'read', title: 'a-2', args: ['a-2'], key: 'acls:a-2', ttlMilliseconds: TTL },
    ],
    getAccountAcls: {
      kind: 'read-many',
      entries: [
        { id: 'a-1', key: 'acls:a-1' },
        { id: 'a-2', key: 'acls:a-2' },
        { id: 'a-3', key: 'acls:a-3' },
        { id: 'a-4', key: 'acls:a-4' },
      ],
      ttlMilliseconds: TTL,
    },
    grant: {
      kind: 'write',
      args: ['a-2', 'staff', ['write']],
      invalidates: { keys: ['acls:a-2'] },
    },
    revoke: { kind: 'write', args: ['a-1', 'admins'], invalidates: { keys: ['acls:a-1'] } },
    deleteAccountAcls: {
      kind: 'write',
      args: [['a-3', 'a-4']],
      invalidates: { keys: ['acls:a-3', 'acls:a-4'] },
    },
  },
});

describe('acls store', () => {
  it('rejects unknown and invalid options, naming them', () => {
    const source = new InMemoryAclSource();
    expect(() => aclsStore(source, { ttl: 5 } as never)).toThrowError('unknown option "ttl"');
    expect(() => aclsStore(source, { ttlMilliseconds: -1 })).toThrowError(InvalidOptionsError);
    expect(() => aclsStore(source, { ttlMilliseconds: -1 })).toThrowError('"ttlMilliseconds"');
  });

  it('an account that does not exist reads as undefined and is not cached', async () => {
    const source = new InMemoryAclSource();
    const acls = bindStore(createCache({ adapter: createMapAdapter() }), aclsStore(source));
    expect(await acls.get('nobody')).toBeUndefined();
    await source.grant('nobody', 'admins', ['read']);
    expect((await acls.get('nobody'))?.grants).toEqual({ admins: ['read'] });
  });

  it('the invalidator turns acl events into keys of the store', async () => {
    expect(aclsInvalidator.entities).toEqual(['acl']);
    expect(
      await aclsInvalidator.targets({ entity: 'acl', action: 'update', ids: ['a-1', 'a-2'] }),
    ).toEqual({ keys: ['acls:a-1', 'acls:a-2'], tags: [] });
  });

  it('a failed write emits nothing; the cached ACL stays', async () => {
    const source = new InMemoryAclSource();
    const cache = createCache({ adapter: createMapAdapter() });
    const cached = createCachedAclSource({ cache, source });
    await cached.getAccountAcl('a-1');
    source.grant = async () => {
      throw new Error('database is read-only');
    };
    await expect(cached.grant('a-1', 'staff', ['read'])).rejects.toThrowError('read-only');
    const before = await cache.get('acls:a-1');
    expect(before).toEqual(await source.getAccountAcl('a-1'));
  });
});
