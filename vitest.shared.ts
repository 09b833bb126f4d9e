import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const CORE_SOURCE = fileURLToPath(new URL('./packages/core/src/', import.meta.url));

/**
 * The vitest config every workspace package extends. Tests import `@pc/core`
 * from source, so a package's tests never run against a stale build of core,
 * and each package writes a JSON report that `scripts/test.mjs` sums up.
 */
export function definePackageConfig(test: NonNullable<ViteUserConfig['test']> = {}) {
  return defineConfig({
    resolve: {
      alias: [
        { find: /^@pc\/core\/testing$/, replacement: `${CORE_SOURCE}testing/index.ts` },
        { find: /^@pc\/core$/, replacement: `${CORE_SOURCE}index.ts` },
      ],
    },
    test: {
      include: ['test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...test,
    },
  });
}
