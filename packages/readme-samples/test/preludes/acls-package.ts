// packages/core/README.md, "Cached sources": the imports of @pc/store-acls's own source file.
import { bindStore, createProxy, wireCachedSource } from '@pc/core';
import {
  type AclSource,
  aclsInvalidator,
  aclsStore,
  type CachedAclSourceOptions,
} from '@pc/store-acls';
