// packages/core/README.md, "Run the conformance suite": the reader's own adapter factory.
import type { CacheAdapter } from '@pc/core';

declare function createMyAdapter(options: {
  namespace: string;
  url?: string;
  timeoutMilliseconds?: number;
}): CacheAdapter;
