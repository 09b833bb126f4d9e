export { createCachedLocationSource } from './cached-location-source.js';
export type { CachedLocationSourceOptions } from './cached-location-source-options.js';
export type { Location } from './location.js';
export { locationChildrenStore } from './location-children-store.js';
export { LOCATION_CHILDREN_STORE_RULES } from './location-children-store-rules.js';
export type {
  LocationChangedEvent,
  LocationEvent,
  LocationSubtreeChangedEvent,
} from './location-events.js';
export { locationChildrenInvalidator, locationsInvalidator } from './location-invalidators.js';
export type { LocationSource } from './location-source.js';
export { LOCATION_TAGS } from './location-tags.js';
export { locationsStore } from './locations-store.js';
export type { LocationsStoreOptions } from './locations-store-options.js';
export { LOCATIONS_STORE_DEFAULTS } from './locations-store-options.js';
export { LOCATIONS_STORE_RULES } from './locations-store-rules.js';
