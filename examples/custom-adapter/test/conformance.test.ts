import type { AdapterEntry } from '@pc/core';
import { describeAdapterConformance } from '@pc/core/testing';
import { createMapAdapter } from '../src/map-adapter.js';

describeAdapterConformance({
  name: 'map',
  factory: (context) => createMapAdapter({ namespace: context.namespace }),
  factoryWithUnknownOption: (name) => createMapAdapter({ namespace: 'unknown', [name]: 1 }),
  expiry: 'clock',
});

// One map behind several adapters: the suite then also checks that instances see
// each other's writes and that clear() stays inside its namespace.
const shared = new Map<string, AdapterEntry>();
describeAdapterConformance({
  name: 'map (shared)',
  factory: (context) => createMapAdapter({ namespace: context.namespace, map: shared }),
  expiry: 'clock',
});
