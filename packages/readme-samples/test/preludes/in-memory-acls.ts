// packages/core/README.md, "describeStore": an in-memory ACL source and its fixture.
type AclFixture = Record<string, Record<string, readonly string[]>>;
declare const FIXTURE: AclFixture;
declare const InMemoryAcls: new (fixture: AclFixture) => import('@pc/store-acls').AclSource;
