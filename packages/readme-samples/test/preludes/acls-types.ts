// packages/core/README.md, "Stores": the ACL types of @pc/store-acls, a cache and an ACL backend.
type AclSource = import('@pc/store-acls').AclSource;
type AccountAcl = import('@pc/store-acls').AccountAcl;
declare const cache: import('@pc/core').Cache;
declare const database: AclSource;
