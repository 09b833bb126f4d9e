import type { BurstPolicy } from '../contracts/burst-policy.js';

/** Options of `Cache.namespace(name, options)`. */
export interface NamespaceOptions {
  /**
   * L1 policy of the namespace's `getOrLoad` / `getManyOrLoad` calls:
   * `{ ttlMilliseconds }` or `false` (values of this namespace stay out of L1).
   * The caps (`maxItems`, `maxBytes`) belong to the root cache and are ignored here.
   * @default the parent cache's policy
   */
  readonly burst?: BurstPolicy | false | undefined;
}
