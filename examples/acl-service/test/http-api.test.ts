import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AclService, startAclService } from '../src/acl-service.js';

interface Reply<T = unknown> {
  status: number;
  body: T;
}
type Groups = { userId: string; groupIds: string[] };
type Acl = { accountId: string; grants: Record<string, string[]> };

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
    const { groupIds } = await get<Groups>('/users/3/groups');
    expect(groupIds.length).toBeGreaterThan(0);
    const { grants } = await get<Acl>('/accounts/5/acl');
    for (const permission of ['read', 'write', 'admin', 'billing']) {
      const expected = groupIds.some((groupId) => grants[groupId]?.includes(permission));
      const { allowed } = await get<{ allowed: boolean }>(
        `/access?userId=3&accountId=5&permission=${permission}`,
      );
      expect(allowed, permission).toBe(expected);
    }
  });

  it('reports the CPU time the service and its database process used at /stats', async () => {
    type Stats = { cpu: { service: number; database: number } };
    const before = await get<Stats>('/stats');
    await get('/users/4/groups');
    const after = await get<Stats>('/stats');
    expect(before.cpu.database).toBeGreaterThan(0);
    expect(after.cpu.service).toBeGreaterThan(before.cpu.service);
    expect(after.cpu.database).toBeGreaterThanOrEqual(before.cpu.database);
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
    const groupId = (await get<Groups>(`/users/${userId}/groups`)).groupIds[0]!;
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
    expect(acl.grants[groupId]).toContain(permission);

    expect(
      (await call('DELETE', `/accounts/${accountId}/acl/${groupId}/${permission}`)).body,
    ).toEqual({ changed: true });
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(false);
    const [after, afterTruth] = await servedAndTruth<Acl>(`/accounts/${accountId}/acl`);
    expect(after).toEqual(afterTruth);
    expect(after.grants[groupId] ?? []).not.toContain(permission);
  });

  it('join then leave a group: the group list and the access check follow each write', async () => {
    const accountId = 20;
    const { grants } = await get<Acl>(`/accounts/${accountId}/acl`);
    const [groupId, permissions] = Object.entries(grants)[0]!;
    // A user in none of the account's groups, so joining groupId grants its permission.
    let userId = 0;
    for (let candidate = 1500; candidate < 2000 && userId === 0; candidate += 1) {
      const { groupIds } = await get<Groups>(`/users/${candidate}/groups`);
      if (!groupIds.some((id) => grants[id] !== undefined)) userId = candidate;
    }
    expect(userId).not.toBe(0);
    const access = `/access?userId=${userId}&accountId=${accountId}&permission=${permissions[0]}`;
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(false);

    await call('PUT', `/groups/${groupId}/members/${userId}`);
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(true);
    const [joined, joinedTruth] = await servedAndTruth<Groups>(`/users/${userId}/groups`);
    expect(joined).toEqual(joinedTruth);
    expect(joined.groupIds).toContain(groupId);

    await call('DELETE', `/groups/${groupId}/members/${userId}`);
    expect((await get<{ allowed: boolean }>(access)).allowed).toBe(false);
    const [left, leftTruth] = await servedAndTruth<Groups>(`/users/${userId}/groups`);
    expect(left).toEqual(leftTruth);
    expect(left.groupIds).not.toContain(groupId);
  });

  it('deleting a group drops it from every cached member list (a tag) and cached ACL (acl events)', async () => {
    const created = await call<{ groupId: string }>('POST', '/groups', { name: 'short-lived' });
    expect(created.status).toBe(201);
    const { groupId } = created.body;
    for (const userId of [40, 41, 42]) await call('PUT', `/groups/${groupId}/members/${userId}`);
    await call('PUT', `/accounts/43/acl/${groupId}/admin`);
    await call('PUT', `/accounts/44/acl/${groupId}/read`);
    for (const userId of [40, 41, 42]) {
      expect((await get<Groups>(`/users/${userId}/groups`)).groupIds).toContain(groupId);
    }
    expect((await get<Acl>('/accounts/43/acl')).grants[groupId]).toEqual(['admin']);
    expect((await get<Acl>('/accounts/44/acl')).grants[groupId]).toEqual(['read']);
    expect(
      (await get<{ allowed: boolean }>('/access?userId=40&accountId=43&permission=admin')).allowed,
    ).toBe(true);

    expect((await call('DELETE', `/groups/${groupId}`)).body).toEqual({ changed: true });
    for (const userId of [40, 41, 42]) {
      const [groups, truth] = await servedAndTruth<Groups>(`/users/${userId}/groups`);
      expect(groups).toEqual(truth);
      expect(groups.groupIds).not.toContain(groupId);
    }
    for (const accountId of [43, 44]) {
      const [acl, truth] = await servedAndTruth<Acl>(`/accounts/${accountId}/acl`);
      expect(acl).toEqual(truth);
      expect(acl.grants[groupId]).toBeUndefined();
    }
    const access = '/access?userId=40&accountId=43&permission=admin';
    expect(await get(access)).toEqual(await get(`/debug/truth${access}`));
  });
});
