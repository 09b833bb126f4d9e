import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AclService, startAclService } from '../src/acl-service.js';

interface Reply<T = unknown> {
  status: number;
  body: T;
}
type Groups = { userId: number; groups: Array<{ id: number; name: string }> };
type Acl = { accountId: number; entries: Array<{ groupId: number; permission: string }> };

describe.each([
  { label: 'caching off', caching: false },
  { label: 'caching on (burst + filesystem)', caching: true },
])('acl-service HTTP API, $label', ({ caching }) => {
  let service: AclService;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<Reply<T>> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const get = async <T>(path: string): Promise<T> => {
    const reply = await call<T>('GET', path);
    expect(reply.status, path).toBe(200);
    return reply.body;
  };
  /** The same read through the service and straight from the database. */
  const servedAndTruth = async <T>(path: string): Promise<[T, T]> => [
    await get<T>(path),
    await get<T>(`/debug/truth${path}`),
  ];

  beforeAll(async () => {
    service = await startAclService({ caching });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('serves users, group lists, ACLs and access checks that match the database', async () => {
    for (const path of ['/users/3', '/users/3/groups', '/accounts/5/acl']) {
      const [served, truth] = await servedAndTruth(path);
      expect(served).toEqual(truth);
    }
    const { groups } = await get<Groups>('/users/3/groups');
    expect(groups.length).toBeGreaterThan(0);
    const { entries } = await get<Acl>('/accounts/5/acl');
    const ids = new Set(groups.map((group) => group.id));
    for (const permission of ['read', 'write', 'admin', 'billing']) {
      const expected = entries.some((e) => e.permission === permission && ids.has(e.groupId));
      const { allowed } = await get<{ allowed: boolean }>(
        `/access?userId=3&accountId=5&permission=${permission}`,
      );
      expect(allowed, permission).toBe(expected);
    }
  });

  it('answers 404 for unknown users and accounts, 400 for bad input', async () => {
    expect((await call('GET', '/users/999999/groups')).status).toBe(404);
    expect((await call('GET', '/accounts/999999/acl')).status).toBe(404);
    expect((await call('GET', '/access?userId=1&accountId=1&permission=root')).status).toBe(400);
    expect((await call('GET', '/users/abc/groups')).status).toBe(400);
    expect((await call('PUT', '/groups/999999/members/1')).status).toBe(404);
    expect((await call('POST', '/users/1/groups')).status).toBe(405);
  });

  it(
    caching
      ? 'serves a repeated read from the cache: no database query'
      : 'runs one database query per read',
    async () => {
      await get('/accounts/9/acl');
      const before = service.database.queryCount;
      await get('/accounts/9/acl');
      await get('/users/9/groups');
      await get('/users/9/groups');
      expect(service.database.queryCount - before).toBe(caching ? 1 : 3);
    },
  );

  it('grant then revoke: the access check and the ACL follow each write', async () => {
    const userId = 11;
    const accountId = 12;
    const { groups } = await get<Groups>(`/users/${userId}/groups`);
    const groupId = groups[0]!.id;
    // A permission the user does not have on the account yet, through any group.
    let permission = '';
    for (const candidate of ['billing', 'admin', 'write', 'read']) {
      const { allowed } = await get<{ allowed: boolean }>(
        `/access?userId=${userId}&accountId=${accountId}&permission=${candidate}`,
      );
      if (!allowed) {
        permission = candidate;
        break;
      }
    }
    expect(permission).not.toBe('');
    const access = `/access?userId=${userId}&accountId=${accountId}&permission=${permission}`;
    await get(`/accounts/${accountId}/acl`); // cached before the write

    expect((await call('PUT', `/accounts/${accountId}/acl/${groupId}/${permission}`)).body).toEqual(
      { changed: true },
    );
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(true);
    const [acl, aclTruth] = await servedAndTruth<Acl>(`/accounts/${accountId}/acl`);
    expect(acl).toEqual(aclTruth);
    expect(acl.entries).toContainEqual({ groupId, permission });

    expect(
      (await call('DELETE', `/accounts/${accountId}/acl/${groupId}/${permission}`)).body,
    ).toEqual({ changed: true });
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(false);
    const [after, afterTruth] = await servedAndTruth<Acl>(`/accounts/${accountId}/acl`);
    expect(after).toEqual(afterTruth);
    expect(after.entries).not.toContainEqual({ groupId, permission });
  });

  it('join then leave a group: the group list and the access check follow each write', async () => {
    const accountId = 20;
    const { entries } = await get<Acl>(`/accounts/${accountId}/acl`);
    const entry = entries[0]!;
    // A user in none of the account's groups, so joining entry.groupId grants entry.permission.
    const aclGroups = new Set(entries.map((e) => e.groupId));
    let userId = 0;
    for (let candidate = 1500; candidate < 2000 && userId === 0; candidate += 1) {
      const { groups } = await get<Groups>(`/users/${candidate}/groups`);
      if (!groups.some((group) => aclGroups.has(group.id))) userId = candidate;
    }
    expect(userId).not.toBe(0);
    const access = `/access?userId=${userId}&accountId=${accountId}&permission=${entry.permission}`;
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(false);

    await call('PUT', `/groups/${entry.groupId}/members/${userId}`);
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(true);
    const [joined, joinedTruth] = await servedAndTruth<Groups>(`/users/${userId}/groups`);
    expect(joined).toEqual(joinedTruth);
    expect(joined.groups.map((group) => group.id)).toContain(entry.groupId);

    await call('DELETE', `/groups/${entry.groupId}/members/${userId}`);
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(false);
    const [left, leftTruth] = await servedAndTruth<Groups>(`/users/${userId}/groups`);
    expect(left).toEqual(leftTruth);
    expect(left.groups.map((group) => group.id)).not.toContain(entry.groupId);
  });

  it('renaming a group shows the new name in every member list that was cached', async () => {
    const first = await get<Groups>('/users/30/groups');
    const groupId = first.groups[0]!.id;
    // Another member of the same group, found through the database.
    let other = 0;
    for (let candidate = 31; candidate < 400 && other === 0; candidate += 1) {
      const { groups } = await get<Groups>(`/users/${candidate}/groups`);
      if (groups.some((group) => group.id === groupId)) other = candidate;
    }
    expect(other).not.toBe(0);

    expect((await call('PATCH', `/groups/${groupId}`, { name: 'renamed team' })).status).toBe(200);
    for (const userId of [30, other]) {
      const [served, truth] = await servedAndTruth<Groups>(`/users/${userId}/groups`);
      expect(served).toEqual(truth);
      expect(served.groups).toContainEqual({ id: groupId, name: 'renamed team' });
    }
  });

  it('deleting a group drops it from member lists and ACLs that were cached', async () => {
    const { groupId } = (
      await call<{ groupId: number }>('POST', '/groups', { name: 'short-lived' })
    ).body;
    await call('PUT', `/groups/${groupId}/members/40`);
    await call('PUT', `/accounts/41/acl/${groupId}/admin`);
    expect((await get<Groups>('/users/40/groups')).groups).toContainEqual({
      id: groupId,
      name: 'short-lived',
    });
    expect((await get<Acl>('/accounts/41/acl')).entries).toContainEqual({
      groupId,
      permission: 'admin',
    });

    expect((await call('DELETE', `/groups/${groupId}`)).body).toEqual({ changed: true });
    const [groups, groupsTruth] = await servedAndTruth<Groups>('/users/40/groups');
    expect(groups).toEqual(groupsTruth);
    expect(groups.groups.map((group) => group.id)).not.toContain(groupId);
    const [acl, aclTruth] = await servedAndTruth<Acl>('/accounts/41/acl');
    expect(acl).toEqual(aclTruth);
    expect(acl.entries.map((entry) => entry.groupId)).not.toContain(groupId);
  });
});
