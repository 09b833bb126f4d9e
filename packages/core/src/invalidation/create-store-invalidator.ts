import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { Invalidator } from '../contracts/invalidator.js';
import type { StoreDefinition } from '../contracts/store-definition.js';
import type { StoreInvalidationRules } from '../contracts/store-invalidation-rules.js';
import type { StoreInvalidationTargets } from '../contracts/store-invalidation-targets.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { STORE_NAME_PATTERN } from '../stores/define-store.js';
import { storeKey } from '../stores/store-key.js';

/**
 * The invalidator of a store: runs the store's `invalidatedBy` rule for an
 * event's entity and turns the ids it names into the store's keys. Named after
 * the store; register it in the app's registry. Needs only the store's name,
 * key and rules, so a store package can export its invalidator without a source:
 * `createStoreInvalidator({ name, key, invalidatedBy })`, or pass the definition.
 * @throws InvalidOptionsError when the name or key is invalid or there are no
 *   `invalidatedBy` rules.
 */
export function createStoreInvalidator<Id, Value, Event extends InvalidateEvent>(
  definition: StoreDefinition<Id, Value, Event>,
): Invalidator<Event>;
export function createStoreInvalidator<Id, Event extends InvalidateEvent>(
  rules: StoreInvalidationRules<Id, Event>,
): Invalidator<Event>;
export function createStoreInvalidator<Id, Event extends InvalidateEvent>(
  definition: StoreInvalidationRules<Id, Event>,
): Invalidator<Event> {
  if (typeof definition?.name !== 'string' || !STORE_NAME_PATTERN.test(definition.name)) {
    throw new InvalidOptionsError(
      `[pc:invalidation] a store invalidator needs the store's "name" (1 to 64 of A-Z, a-z, 0-9, "_", "." and "-")`,
    );
  }
  if (typeof definition.key !== 'function') {
    throw new InvalidOptionsError(
      `[pc:invalidation] store "${definition.name}": set "key" to the store's key function`,
    );
  }
  const rules = (definition.invalidatedBy ?? {}) as Record<
    string,
    (event: Event) => StoreInvalidationTargets<Id>
  >;
  const entities = Object.keys(rules);
  for (const entity of entities) {
    if (typeof rules[entity] !== 'function') {
      throw new InvalidOptionsError(
        `[pc:invalidation] store "${definition.name}": the "invalidatedBy.${entity}" rule must be a function`,
      );
    }
  }
  if (entities.length === 0) {
    throw new InvalidOptionsError(
      `[pc:invalidation] store "${definition.name}" has no "invalidatedBy" rules; ` +
        'add one per event entity it reacts to',
    );
  }
  return {
    name: definition.name,
    entities: entities as Array<Event['entity']>,
    targets(event) {
      const rule = rules[event.entity];
      if (rule === undefined || !Object.hasOwn(rules, event.entity)) return {};
      const targets = rule(event) ?? {};
      return {
        keys: (targets.ids ?? []).map((id) => storeKey(definition, id)),
        tags: [...(targets.tags ?? [])],
      };
    },
  };
}
