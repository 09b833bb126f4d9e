import { checkOptionNames } from '../src/index.js';
import { describeAdapterConformance } from '../src/testing/index.js';
import {
  createReferenceBackend,
  ReferenceAdapter,
} from './support-conformance/reference-adapter.js';

// The reference adapter with every capability: shared backend, prune, keys(), a
// value limit, and a simulated unreachable backend.
const backend = createReferenceBackend();
describeAdapterConformance({
  name: 'reference',
  factory: (context) => new ReferenceAdapter({ namespace: context.namespace, backend }),
  unreachableFactory: (context) =>
    new ReferenceAdapter({
      namespace: context.namespace,
      backend,
      unreachable: true,
      timeoutMilliseconds: context.overrides?.timeoutMilliseconds,
    }),
  timeoutMilliseconds: 100,
  expiry: 'clock',
  // The reference takes no options; this stands for a factory built on the kit.
  factoryWithUnknownOption: (name) =>
    checkOptionNames('reference', { namespace: 'n', [name]: 1 }, ['namespace']),
});

// The same adapter declaring the least: private store per instance, no prune, no
// keys(), no value limit, no compareAndSet(); the suite must register the other
// branch of each group.
describeAdapterConformance({
  name: 'reference (minimal capabilities)',
  factory: (context) =>
    new ReferenceAdapter({
      namespace: context.namespace,
      capabilities: {
        prune: false,
        enumerateKeys: false,
        maxValueBytes: Number.POSITIVE_INFINITY,
        compareAndSet: false,
      },
    }),
  expiry: 'clock',
});
