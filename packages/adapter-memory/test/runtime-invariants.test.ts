import { describeRuntimeInvariants } from '@pc/core/testing';
import { createMemoryAdapter } from '../src/index.js';

describeRuntimeInvariants({
  name: 'memory',
  factory: ({ namespace }) => createMemoryAdapter({ namespace }),
});
