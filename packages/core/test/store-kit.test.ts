import { describeAdapterConformance, describeStore } from '../src/testing/index.js';
import { createMapAdapter } from '../src/testing/store-kit/map-adapter.js';
import { permissionsKitOptions } from './support-store-kit/permissions-fixture.js';

// The kit on a correct store: every generated test passes (the self-test checks
// that broken stores fail the right ones).
describeStore(permissionsKitOptions('correct'));

// The adapter store packages test with is a real, conforming adapter.
const shared = new Map();
describeAdapterConformance({
  name: 'store kit map adapter',
  factory: (context) => createMapAdapter({ namespace: context.namespace, shared }),
  expiry: 'clock',
});
