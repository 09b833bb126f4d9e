import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { Invalidator } from '../contracts/invalidator.js';
import type { StoreDefinition } from '../contracts/store-definition.js';
import type { StoreInvalidationTargets } from '../contracts/store-invalidation-targets.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { defineStore } from '../stores/define-store.js';
import { storeKey } from '../stores/store-key.js';

/**
 * The invalidator of a store: runs the store's `invalidatedBy` rule for an
 * event's entity and turns the ids it names into the store's keys. Named after
 * the store; register it in the app's registry.
 * @throws InvalidOptionsError when the definition has no `invalidatedBy` rules.
 */
export function createStoreInvalidator<Id, Value, Event extends InvalidateEvent>(
  definition: StoreDefinition<Id, Value, Event>,
): Invalidator<Event> {
  defineStore(definition);
  const rules = (definition.invalidatedBy ?? {}) as Record<
    string,
    (event: Event) => StoreInvalidationTargets<Id>
  >;
  const entities = Object.keys(rules);
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
