import { describeRuntimeInvariants } from '../src/testing/runtime/describe-runtime-invariants.js';
import { MapAdapter } from './support/map-adapter.js';

describeRuntimeInvariants({
  name: 'in-test Map adapter',
  factory: () => new MapAdapter(),
});
