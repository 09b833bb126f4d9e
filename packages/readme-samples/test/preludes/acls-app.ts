// packages/core/README.md, "Invalidation" and "Proxies": an app with the ACL store of
// @pc/store-acls, its cache, its ACL backend and the event union of its repositories.
type AclSource = import('@pc/store-acls').AclSource;
type AnyInvalidateEvent = import('@pc/store-acls').AclChangedEvent;
interface AclClient extends AclSource {
  ping(): Promise<void>;
}
declare const aclsStore: typeof import('@pc/store-acls').aclsStore;
declare const cache: import('@pc/core').Cache;
declare const database: AclSource;
declare const rawAclClient: AclClient;
