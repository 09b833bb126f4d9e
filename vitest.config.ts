import { defineConfig } from 'vitest/config';

// Runs every package's own vitest.config.ts as one project: `npx vitest` from the root.
export default defineConfig({
  test: { projects: ['packages/*', 'examples/*', 'bench'] },
});
