// packages/store-groups/README.md, "Use it": the app's adapter and group directory.
import type { CacheAdapter } from '@pc/core';
import type { GroupSource } from '@pc/store-groups';

declare const adapter: CacheAdapter;
declare const directory: GroupSource;
