import { describeAdapterConformance } from '@pc/core/testing';
import { createMemoryAdapter, createMemoryStore } from '../src/index.js';

describeAdapterConformance({
  name: 'memory',
  factory: (context) => createMemoryAdapter({ namespace: context.namespace }),
  factoryWithUnknownOption: (name) => createMemoryAdapter({ namespace: 'unknown', [name]: 1 }),
  expiry: 'clock',
});

// Several namespaces on one store: instances share entries, clear must stay in its namespace.
const sharedStore = createMemoryStore();

describeAdapterConformance({
  name: 'memory (shared store)',
  factory: (context) => createMemoryAdapter({ namespace: context.namespace, store: sharedStore }),
  expiry: 'clock',
});
