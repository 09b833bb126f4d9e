// packages/store-locations/README.md, "Use it": the app's adapter and location backend.
import type { CacheAdapter } from '@pc/core';
import type { LocationSource } from '@pc/store-locations';

declare const adapter: CacheAdapter;
declare const locationRepository: LocationSource;
