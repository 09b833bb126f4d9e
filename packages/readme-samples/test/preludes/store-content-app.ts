// packages/store-content/README.md, "Use it": the app's adapter and content backend.
import type { CacheAdapter } from '@pc/core';
import type { ContentSource } from '@pc/store-content';

declare const adapter: CacheAdapter;
declare const contentRepository: ContentSource;
