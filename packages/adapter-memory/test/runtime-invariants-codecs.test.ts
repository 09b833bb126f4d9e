import { codecTestConfigurations, describeRuntimeInvariants } from '@pc/core/testing';
import { createMemoryAdapter } from '../src/index.js';

// The same scenarios as runtime-invariants.test.ts, with values compressed,
// encrypted, and both: leases and tag records stay plain.
for (const { name, codecs } of codecTestConfigurations()) {
  describeRuntimeInvariants({
    name: `memory with ${name}`,
    factory: ({ namespace }) => createMemoryAdapter({ namespace }),
    cacheOptions: { codecs },
  });
}
