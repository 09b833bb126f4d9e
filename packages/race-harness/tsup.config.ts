import { defineConfig } from 'tsup';

export default defineConfig({
  // The CLI (parent process) and the worker it forks, which the tests fork too.
  entry: { cli: 'src/cli.ts', worker: 'src/worker.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // @pc/test-services ships TypeScript source only, so it is bundled; pc's packages
  // come from node_modules (their dist), as they would in an app.
  noExternal: ['@pc/test-services'],
  external: ['vitest'],
});
