import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // @pc/test-services ships TypeScript source only, so it is bundled; everything
  // else (pc's built packages, raw clients, peers) is loaded from node_modules.
  noExternal: ['@pc/test-services'],
  external: ['vitest'],
});
