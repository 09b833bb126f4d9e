// packages/opentelemetry/README.md and packages/prometheus/README.md: a cache created with createCache.
declare const cache: import('@pc/core').Cache;
