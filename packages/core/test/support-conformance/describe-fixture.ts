import { describeAdapterConformance } from '../../src/testing/index.js';
import { BROKEN_ADAPTERS, type BrokenAdapterName } from './broken-adapters.js';
import { createReferenceBackend, ReferenceAdapter } from './reference-adapter.js';

/** Timeout of unreachable adapters in fixtures: short, so the failure group stays fast. */
export const FIXTURE_TIMEOUT_MILLISECONDS = 100;

/** Registers the conformance suite for the reference adapter or one broken variant. */
export function describeFixture(variant: 'reference' | BrokenAdapterName): void {
  const Adapter = variant === 'reference' ? ReferenceAdapter : BROKEN_ADAPTERS[variant];
  const backend = createReferenceBackend();
  describeAdapterConformance({
    name: variant === 'reference' ? 'reference' : `broken:${variant}`,
    factory: (context) => new Adapter({ namespace: context.namespace, backend }),
    unreachableFactory: (context) =>
      new Adapter({
        namespace: context.namespace,
        backend,
        unreachable: true,
        timeoutMilliseconds: context.overrides?.timeoutMilliseconds,
      }),
    timeoutMilliseconds: FIXTURE_TIMEOUT_MILLISECONDS,
    expiry: 'clock',
  });
}
