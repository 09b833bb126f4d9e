import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { StoreDefinition } from '../contracts/store-definition.js';
import { toMilliseconds } from '../durations/to-milliseconds.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import {
  DEFAULT_RESILIENCE,
  RESILIENCE_OPTION_NAMES,
  resolveResilience,
} from '../runtime/resilience-policy.js';

/** What a store or index name may look like: 1 to 64 of `A-Z a-z 0-9 _ . -`. */
export const STORE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

const KNOWN_MEMBERS = new Set([
  'name',
  'key',
  'tags',
  'ttlMilliseconds',
  'burst',
  'load',
  'loadMany',
  'idOf',
  'indices',
  'invalidatedBy',
  ...RESILIENCE_OPTION_NAMES,
]);

/**
 * Declares a store: returns `definition` unchanged, typed, after checking it
 * eagerly (so a typo fails at startup, not on the first cache miss).
 *
 * ```ts
 * export const aclsStore = (source: AclSource) =>
 *   defineStore<string, AccountAcl, AclChangedEvent>({
 *     name: 'acls',
 *     key: (accountId) => accountId,
 *     ttlMilliseconds: 10 * 60_000,
 *     load: (accountId) => source.getAccountAcl(accountId),
 *     loadMany: (accountIds) => source.getAccountAcls(accountIds),
 *     invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
 *   });
 * ```
 * @throws InvalidOptionsError naming the member that is missing or invalid.
 */
export function defineStore<Id, Value, Event extends InvalidateEvent = never>(
  definition: StoreDefinition<Id, Value, Event>,
): StoreDefinition<Id, Value, Event> {
  assertValidStoreDefinition(definition);
  return definition;
}

function assertValidStoreDefinition(definition: StoreDefinition<unknown, unknown, never>): void {
  if (typeof definition !== 'object' || definition === null) {
    throw new InvalidOptionsError('[pc:store] defineStore expects a definition object');
  }
  const name = definition.name;
  if (typeof name !== 'string' || !STORE_NAME_PATTERN.test(name)) {
    throw new InvalidOptionsError(
      `[pc:store] set "name" to 1 to 64 characters of A-Z, a-z, 0-9, "_", "." and "-", got ${JSON.stringify(name) ?? String(name)}`,
    );
  }
  const fail = (message: string): never => {
    throw new InvalidOptionsError(`[pc:store] store "${name}": ${message}`);
  };
  for (const member of Object.keys(definition)) {
    if (!KNOWN_MEMBERS.has(member)) {
      fail(`unknown member "${member}"; known: ${[...KNOWN_MEMBERS].join(', ')}`);
    }
  }
  if (typeof definition.key !== 'function') fail('set "key" to a function of the id');
  if (typeof definition.load !== 'function') fail('set "load" to a function of the id');
  for (const member of ['tags', 'loadMany', 'idOf'] as const) {
    const value = definition[member];
    if (value !== undefined && typeof value !== 'function') fail(`"${member}" must be a function`);
  }
  checkTtlAndBurst(definition, fail);
  // Checked now (values, not merged: the store's options override the namespace's per call).
  resolveResilience(definition, DEFAULT_RESILIENCE, `store "${String(definition.name)}"`);
  if (definition.indices !== undefined) {
    if (typeof definition.indices !== 'object' || definition.indices === null) {
      fail('"indices" must be an object of { identifierOf, load } by index name');
    }
    if (typeof definition.idOf !== 'function') {
      fail('set "idOf" (value => id): an index lookup learns the id from the value it loads');
    }
    for (const [indexName, index] of Object.entries(definition.indices)) {
      if (!STORE_NAME_PATTERN.test(indexName)) {
        fail(
          `index name "${indexName}" must be 1 to 64 characters of A-Z, a-z, 0-9, "_", "." and "-"`,
        );
      }
      if (typeof index?.identifierOf !== 'function' || typeof index.load !== 'function') {
        fail(`index "${indexName}" needs identifierOf(value) and load(identifier) functions`);
      }
    }
  }
  const rules = definition.invalidatedBy as Record<string, unknown> | undefined;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null) {
      fail('"invalidatedBy" must be an object of rules by event entity');
    }
    for (const [entity, rule] of Object.entries(rules)) {
      if (typeof rule !== 'function') fail(`the "invalidatedBy.${entity}" rule must be a function`);
    }
  }
}

/**
 * Checks the `ttlMilliseconds` and `burst` members a store or a derived cache
 * definition shares; `fail` throws with the message. Internal to core.
 */
export function checkTtlAndBurst(
  definition: Pick<StoreDefinition<unknown, unknown>, 'ttlMilliseconds' | 'burst'> & {
    readonly name?: unknown;
  },
  fail: (message: string) => never,
): void {
  const name = String(definition.name);
  const ttl = toMilliseconds(definition.ttlMilliseconds, `${name}.ttlMilliseconds`, 'store');
  if (ttl !== undefined && (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl <= 0)) {
    fail(`set "ttlMilliseconds" to a positive number of milliseconds, got ${String(ttl)}`);
  }
  const burst = definition.burst;
  if (burst !== undefined && burst !== false) {
    if (typeof burst !== 'object' || burst === null)
      fail('set "burst" to a policy object or false');
    const burstTtl = toMilliseconds(
      burst.ttlMilliseconds,
      `${name}.burst.ttlMilliseconds`,
      'store',
    );
    if (typeof burstTtl !== 'number' || Number.isNaN(burstTtl) || burstTtl <= 0) {
      fail(
        `set "burst.ttlMilliseconds" to a positive number of milliseconds, got ${String(burstTtl)}`,
      );
    }
  }
}
