import { definePackageConfig } from '../../vitest.shared.js';

// One TypeScript program for every sample: building it is the slow part (seconds on a
// busy two-core machine), so the hook that builds it gets a generous deadline.
export default definePackageConfig({ hookTimeout: 180_000 });
