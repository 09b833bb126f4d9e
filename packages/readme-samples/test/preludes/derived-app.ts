// packages/core/README.md, "Derived caches": a cache and the two stores' sources.
declare const cache: import('@pc/core').Cache;
declare const groupSource: import('@pc/store-groups').GroupSource;
declare const aclSource: import('@pc/store-acls').AclSource;
