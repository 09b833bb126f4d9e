import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  bindStore,
  createCache,
  createProxy,
  defineStore,
  InvalidOptionsError,
  type ProxyRoutes,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

interface Acl {
  readonly accountId: string;
  readonly groups: readonly string[];
}

/** A service client with private state, as generated clients often are. */
class AclClient {
  readonly #acls = new Map<string, Acl>([['a-1', { accountId: 'a-1', groups: ['admins'] }]]);
  readonly calls: string[] = [];
  readonly endpoint = 'http://acl.internal';

  async getAccountAcl(accountId: string): Promise<Acl> {
    this.calls.push(`getAccountAcl ${accountId}`);
    const acl = this.#acls.get(accountId);
    if (acl === undefined) throw new Error(`no account ${accountId}`);
    return acl;
  }

  async countGroups(accountId: string, prefix: string): Promise<number> {
    this.calls.push(`countGroups ${accountId}`);
    const acl = await this.getAccountAcl(accountId);
    return acl.groups.filter((group) => group.startsWith(prefix)).length;
  }

  async grant(accountId: string, group: string): Promise<void> {
    this.calls.push(`grant ${accountId}`);
    const acl = this.#acls.get(accountId) ?? { accountId, groups: [] };
    this.#acls.set(accountId, { accountId, groups: [...acl.groups, group] });
  }
}

function setup() {
  const client = new AclClient();
  const cache = createCache({ adapter: new MapAdapter(), burst: false });
  const acls = bindStore(
    cache,
    defineStore<string, Acl>({
      name: 'acls',
      key: (accountId) => accountId,
      // The store loads through the raw client, never through the proxy.
      load: (accountId) => client.getAccountAcl(accountId).catch(() => undefined),
    }),
  );
  return { client, cache, acls };
}

describe('createProxy', () => {
  it('routes listed methods through a store and passes the rest through, this bound', async () => {
    const { client, acls } = setup();
    const proxy = createProxy(client, { getAccountAcl: acls });
    expect(await proxy.getAccountAcl('a-1')).toEqual({ accountId: 'a-1', groups: ['admins'] });
    expect(await proxy.getAccountAcl('a-1')).toEqual({ accountId: 'a-1', groups: ['admins'] });
    expect(client.calls).toEqual(['getAccountAcl a-1']);
    // Unlisted methods run on the client itself (its #private field works).
    await proxy.grant('a-1', 'staff');
    expect(await proxy.countGroups('a-1', 'sta')).toBe(1);
    expect(proxy.endpoint).toBe('http://acl.internal');
    expect(proxy.grant).toBe(proxy.grant);
  });

  it('a store miss falls through to the client, so not-found behaves as before', async () => {
    const { client, acls } = setup();
    const proxy = createProxy(client, { getAccountAcl: acls });
    await expect(proxy.getAccountAcl('nobody')).rejects.toThrowError('no account nobody');
    expect(client.calls).toEqual(['getAccountAcl nobody', 'getAccountAcl nobody']);
  });

  it('routes may be functions with the method signature', async () => {
    const { client, acls } = setup();
    const proxy = createProxy(client, {
      countGroups: async (accountId, prefix) =>
        ((await acls.get(accountId))?.groups ?? []).filter((group) => group.startsWith(prefix))
          .length,
    });
    expect(await proxy.countGroups('a-1', 'adm')).toBe(1);
    expect(await proxy.countGroups('a-1', 'adm')).toBe(1);
    expect(client.calls).toEqual(['getAccountAcl a-1']);
  });

  it('refuses routes that name no method or are neither function nor store', () => {
    const { client } = setup();
    expect(() => createProxy(client, { endpoint: () => 'x' } as never)).toThrowError(
      InvalidOptionsError,
    );
    expect(() => createProxy(client, { grant: 42 } as never)).toThrowError(
      'must be a function or a store',
    );
  });

  it('the proxy is assignable to the client type (type test)', () => {
    const { client, acls } = setup();
    const proxy = createProxy(client, { getAccountAcl: acls });
    expectTypeOf(proxy).toEqualTypeOf<AclClient>();
    const asClient: AclClient = proxy;
    void asClient;
    interface AclReader {
      getAccountAcl(accountId: string): Promise<Acl>;
    }
    const reader: AclReader = createProxy<AclReader>(client, { getAccountAcl: acls });
    void reader;
    expectTypeOf<ProxyRoutes<AclClient>>().toHaveProperty('grant');
    const numbers = bindStore(
      setup().cache,
      defineStore<string, number>({ name: 'n', key: (id) => id, load: async () => 1 }),
    );
    // @ts-expect-error: a store of numbers cannot serve a method resolving to Acl
    createProxy(client, { getAccountAcl: numbers });
    // @ts-expect-error: a route must have the method's parameters
    createProxy(client, { countGroups: async (accountId: number) => accountId });
    // @ts-expect-error: a store serves one-argument methods only
    createProxy(client, { countGroups: acls });
  });
});
