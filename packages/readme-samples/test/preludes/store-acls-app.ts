// packages/store-acls/README.md, "Use it": the app's adapter, its ACL backend and a database client.
import type { CacheAdapter } from '@pc/core';
import type { AclSource } from '@pc/store-acls';

declare const adapter: CacheAdapter;
declare const aclDatabase: AclSource;
declare const db: { query(sql: string): Promise<unknown> };
