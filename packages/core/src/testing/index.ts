export type {
  AdapterConformanceOptions,
  ConformanceExpiry,
  ConformanceGroup,
} from './adapter-conformance-options.js';
export {
  ADAPTER_CONFORMANCE_DEFAULTS,
  CONFORMANCE_GROUPS,
} from './adapter-conformance-options.js';
export { describeAdapterConformance } from './describe-adapter-conformance.js';
