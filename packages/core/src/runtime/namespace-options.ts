import type { BurstPolicy } from '../contracts/burst-policy.js';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import type { ResilienceOptions } from '../contracts/resilience-options.js';

/**
 * Options of `Cache.namespace(name, options)`. The resilience options (grace,
 * timeouts, early refresh) override the parent's for the namespace's calls.
 */
export interface NamespaceOptions extends ResilienceOptions {
  /**
   * L1 policy of the namespace's `getOrLoad` / `getManyOrLoad` calls:
   * `{ ttlMilliseconds }` or `false` (values of this namespace stay out of L1).
   * The caps (`maxItems`, `maxBytes`) belong to the root cache and are ignored here.
   * @default the parent cache's policy
   */
  readonly burst?: BurstPolicy | false | undefined;
  /**
   * Payload codecs of the namespace's values, replacing the parent's list (see
   * `CacheOptions.codecs`); `[]`: none.
   * @default the parent cache's codecs
   */
  readonly codecs?: readonly PayloadCodec[] | undefined;
}
