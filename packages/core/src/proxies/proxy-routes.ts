/** Names of the function-valued members of `Client`. */
export type MethodName<Client> = {
  [Name in keyof Client]-?: Client[Name] extends (...args: never[]) => unknown ? Name : never;
}[keyof Client];

/**
 * A store that can serve a one-argument client method: `get(id)` resolves to
 * what the method resolves to, or `undefined` when the store has nothing (then
 * the proxy calls the client, so not-found behaves exactly as before).
 */
export interface StoreRoute<Id, Result> {
  /** Reads the value of `id`; `undefined` falls through to the client. */
  get(id: Id): Promise<Result | undefined>;
}

/** How one method is served: a function with the method's signature, or a store. */
export type ProxyRoute<Method> = Method extends (...args: infer Args) => infer Returned
  ?
      | ((...args: Args) => Returned)
      | (Args extends [infer Id] ? StoreRoute<Id, Awaited<Returned>> : never)
  : never;

/**
 * The methods of `Client` a proxy serves differently, each a `ProxyRoute`.
 * Methods not listed pass through to the client.
 */
export type ProxyRoutes<Client> = {
  readonly [Name in MethodName<Client>]?: ProxyRoute<Client[Name]>;
};
