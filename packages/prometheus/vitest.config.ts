import { definePackageConfig } from '../../vitest.shared.js';

export default definePackageConfig({ globalSetup: ['test/global-setup.ts'] });
