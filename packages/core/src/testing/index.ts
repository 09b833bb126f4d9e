export type {
  AdapterConformanceOptions,
  ConformanceExpiry,
  ConformanceGroup,
} from './adapter-conformance-options.js';
export {
  ADAPTER_CONFORMANCE_DEFAULTS,
  CONFORMANCE_GROUPS,
} from './adapter-conformance-options.js';
export {
  type CodecTestConfiguration,
  type CodecTransforms,
  codecTestConfigurations,
} from './codec-test-configurations.js';
export type {
  DerivedChangeRow,
  DerivedKitOptions,
  DerivedReadRow,
} from './derived-kit/derived-kit-options.js';
export { describeDerivedCache } from './derived-kit/describe-derived-cache.js';
export { describeAdapterConformance } from './describe-adapter-conformance.js';
export { describeLostRecordScenarios } from './runtime/describe-lost-record-scenarios.js';
export { describeRuntimeInvariants } from './runtime/describe-runtime-invariants.js';
export { createGate, type Gate } from './runtime/gate.js';
export { createLocalBus, type LocalBus } from './runtime/local-bus.js';
export type {
  LostRecordAdapters,
  LostRecordKeysContext,
  LostRecordScenariosOptions,
  LostRecordsContext,
  NoExpiryContext,
} from './runtime/lost-record-scenarios-options.js';
export { LOST_RECORD_SCENARIOS_DEFAULTS } from './runtime/lost-record-scenarios-options.js';
export type { RuntimeInvariantsOptions } from './runtime/runtime-invariants-options.js';
export { RUNTIME_INVARIANTS_DEFAULTS } from './runtime/runtime-invariants-options.js';
export {
  type AdapterMethod,
  type SwitchableAdapter,
  switchable,
} from './runtime/switchable-adapter.js';
export { describeStore } from './store-kit/describe-store.js';
export type { MapAdapterOptions } from './store-kit/map-adapter.js';
export { createMapAdapter, MAP_ADAPTER_DEFAULTS } from './store-kit/map-adapter.js';
export type { StoreKitContext, StoreKitOptions } from './store-kit/store-kit-options.js';
export { STORE_KIT_DEFAULTS } from './store-kit/store-kit-options.js';
export type {
  ReadManyEntry,
  ReadManyRow,
  ReadRow,
  StoreRow,
  StoreRows,
  WriteRow,
} from './store-kit/store-kit-rows.js';
