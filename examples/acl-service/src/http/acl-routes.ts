import { isPermission, type Permission } from '../database/schema.js';
import type { PermissionsClient } from '../permissions/permissions-client.js';
import type { ServiceRepositories } from '../repositories/create-repositories.js';
import { HttpError } from './http-error.js';
import { type RouteReply, Router } from './router.js';

/** What the routes use. */
export interface AclRoutesContext extends ServiceRepositories {
  /** The client reads go through: the cached proxy, or the real client with caching off. */
  readonly client: PermissionsClient;
  /** The real client on uncounted queries: `/debug/truth/...` answers from it. */
  readonly truth: PermissionsClient;
  /** The `/stats` body. */
  readonly stats: () => Promise<unknown>;
  /** Makes the database refuse every statement for a while (`POST /debug/outage`, the demo's outage phase). */
  readonly outage: (milliseconds: number) => Promise<void>;
}

/**
 * The service's JSON API. Reads: `GET /users/:userId`, `GET /users/:userId/groups`,
 * `GET /accounts/:accountId/acl`, `GET /access?userId=&accountId=&permission=`.
 * Writes: `PUT|DELETE /groups/:groupId/members/:userId`,
 * `PUT|DELETE /accounts/:accountId/acl/:groupId/:permission`, `POST /groups`,
 * `DELETE /groups/:groupId`. `GET /debug/truth/...` mirrors the reads straight
 * from the database (for the demo's stale-read check); `GET /stats` reports counters.
 */
export function createAclRoutes(context: AclRoutesContext): Router {
  const router = new Router();
  const reads = (prefix: string, client: PermissionsClient) => {
    router.on('GET', `${prefix}/users/:userId`, async ({ params }) =>
      found(await client.getUser(id(params.userId, 'userId')), 'user'),
    );
    router.on('GET', `${prefix}/users/:userId/groups`, async ({ params }) => {
      return found(await client.getUserGroups(id(params.userId, 'userId')), 'user');
    });
    router.on('GET', `${prefix}/accounts/:accountId/acl`, async ({ params }) => {
      return found(await client.getAccountAcl(id(params.accountId, 'accountId')), 'account');
    });
    router.on('GET', `${prefix}/access`, async ({ query }) => {
      const userId = id(query.get('userId'), 'userId');
      const accountId = id(query.get('accountId'), 'accountId');
      const permission = permissionOf(query.get('permission'));
      const allowed = await client.canAccess(userId, accountId, permission);
      return ok({ userId, accountId, permission, allowed });
    });
  };
  reads('', context.client);
  reads('/debug/truth', context.truth);

  router.on('GET', '/health', async () => ok({ ok: true }));
  router.on('GET', '/stats', async () => ok(await context.stats()));
  router.on('POST', '/debug/outage', async ({ body }) => {
    const milliseconds = (body as { milliseconds?: unknown } | undefined)?.milliseconds;
    if (typeof milliseconds !== 'number' || !(milliseconds > 0 && milliseconds <= 60_000)) {
      throw new HttpError(400, 'milliseconds must be a number from 1 to 60000');
    }
    await context.outage(milliseconds);
    return ok({ milliseconds });
  });

  router.on('PUT', '/groups/:groupId/members/:userId', async ({ params }) => {
    const changed = await context.memberships.add(
      id(params.groupId, 'groupId'),
      id(params.userId, 'userId'),
    );
    return ok({ changed });
  });
  router.on('DELETE', '/groups/:groupId/members/:userId', async ({ params }) => {
    const changed = await context.memberships.remove(
      id(params.groupId, 'groupId'),
      id(params.userId, 'userId'),
    );
    return ok({ changed });
  });
  router.on('PUT', '/accounts/:accountId/acl/:groupId/:permission', async ({ params }) => {
    const changed = await context.acls.grant(
      id(params.accountId, 'accountId'),
      id(params.groupId, 'groupId'),
      permissionOf(params.permission),
    );
    return ok({ changed });
  });
  router.on('DELETE', '/accounts/:accountId/acl/:groupId/:permission', async ({ params }) => {
    const changed = await context.acls.revoke(
      id(params.accountId, 'accountId'),
      id(params.groupId, 'groupId'),
      permissionOf(params.permission),
    );
    return ok({ changed });
  });
  router.on('POST', '/groups', async ({ body }) => {
    const groupId = await context.groups.create(nameOf(body));
    return { status: 201, body: { groupId } };
  });
  router.on('DELETE', '/groups/:groupId', async ({ params }) => {
    const changed = await context.groups.delete(id(params.groupId, 'groupId'));
    return ok({ changed });
  });
  return router;
}

function ok(body: unknown): RouteReply {
  return { status: 200, body };
}

function found(body: unknown, what: string): RouteReply {
  if (body === undefined) throw notFound(what);
  return ok(body);
}

function notFound(what: string): HttpError {
  return new HttpError(404, `${what} not found`);
}

/** Ids are positive integers in the database and strings in the stores' keys. */
function id(value: string | null | undefined, name: string): string {
  if (value == null || !/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new HttpError(400, `"${name}" must be a positive integer`);
  }
  return value;
}

function permissionOf(value: string | null | undefined): Permission {
  if (!isPermission(value)) {
    throw new HttpError(400, '"permission" must be one of read, write, admin, billing');
  }
  return value;
}

function nameOf(body: unknown): string {
  const name = (body as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    throw new HttpError(400, 'body must be {"name": "<1-200 characters>"}');
  }
  return name;
}
