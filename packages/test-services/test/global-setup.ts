import { setupTestServices } from '../src/index.js';

// The package uses its own globalSetup, so the wiring other packages rely on is tested too.
export default setupTestServices(['redis', 'memcached-pool']);
