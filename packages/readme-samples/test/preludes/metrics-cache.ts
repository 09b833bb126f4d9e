// packages/opentelemetry/README.md and packages/prometheus/README.md: caches created with createCache.
declare const cache: import('@pc/core').Cache;
declare const sessionsCache: import('@pc/core').Cache;
