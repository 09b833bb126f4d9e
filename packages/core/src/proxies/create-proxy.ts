import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import type { ProxyRoutes } from './proxy-routes.js';

/**
 * Wraps a service client so the listed methods go through stores (or any
 * function with the same signature) and every other member passes through to
 * the client, with `this` bound to the client (private fields keep working).
 * The result has the client's type, so it is a drop-in replacement.
 *
 * ```ts
 * const acls = bindStore(cache, aclsStore(rawAclClient));
 * const aclClient: AclClient = createProxy(rawAclClient, { getAccountAcl: acls });
 * ```
 *
 * Use proxies in backend services only. The cache sits below authorization: a
 * proxy serves whoever calls it, so the client it wraps must be one that
 * already runs with the service's own rights, and a method whose result depends
 * on the caller must never be routed to a store whose key omits the caller.
 * Give the stores the raw client, never the proxy: a store that loads through
 * its own proxy calls itself on every miss.
 *
 * @throws InvalidOptionsError when a route names no method of the client or is
 *   neither a function nor a store.
 */
export function createProxy<Client extends object>(
  client: Client,
  routes: ProxyRoutes<Client>,
): Client {
  if (typeof client !== 'object' && typeof client !== 'function') {
    throw new InvalidOptionsError('[pc:proxy] createProxy expects a client object');
  }
  const served = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  for (const [name, route] of Object.entries(routes as Record<string, unknown>)) {
    if (route === undefined) continue;
    if (typeof Reflect.get(client, name) !== 'function') {
      throw new InvalidOptionsError(
        `[pc:proxy] route "${name}" names no method of the client; routes must name client methods`,
      );
    }
    if (typeof route === 'function') {
      served.set(name, route as (...args: unknown[]) => unknown);
    } else if (
      typeof route === 'object' &&
      route !== null &&
      typeof (route as { get?: unknown }).get === 'function'
    ) {
      const store = route as { get(id: unknown): Promise<unknown> };
      served.set(name, async (...args: unknown[]) => {
        const value = await store.get(args[0]);
        if (value !== undefined) return value;
        return (Reflect.get(client, name) as (...args: unknown[]) => unknown).apply(client, args);
      });
    } else {
      throw new InvalidOptionsError(
        `[pc:proxy] route "${name}" must be a function or a store with get(id)`,
      );
    }
  }
  const bound = new Map<PropertyKey, { readonly original: unknown; readonly method: unknown }>();
  return new Proxy(client, {
    get(target, property) {
      const route = served.get(property);
      if (route !== undefined) return route;
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // One bound function per method, so `proxy.method === proxy.method`.
      const known = bound.get(property);
      if (known?.original === value) return known.method;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, { original: value, method });
      return method;
    },
  });
}
