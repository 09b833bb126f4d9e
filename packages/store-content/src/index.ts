export { createCachedContentSource } from './cached-content-source.js';
export type { CachedContentSourceOptions } from './cached-content-source-options.js';
export type { Content } from './content.js';
export type {
  ContentChangedEvent,
  ContentEvent,
  ContentLocationChangedEvent,
  ContentLocationSubtreeChangedEvent,
  ContentTypeChangedEvent,
} from './content-events.js';
export { contentInvalidator } from './content-invalidator.js';
export type { ContentLocation } from './content-location.js';
export type { ContentSource } from './content-source.js';
export { contentStore, REMOTE_ID_INDEX } from './content-store.js';
export type { ContentStoreOptions } from './content-store-options.js';
export { CONTENT_STORE_DEFAULTS } from './content-store-options.js';
export { CONTENT_STORE_RULES } from './content-store-rules.js';
export { CONTENT_TAGS } from './content-tags.js';
