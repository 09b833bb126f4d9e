import { defineConfig } from 'tsup';

export default defineConfig({
  // burst-child: the script the cross-process workload forks.
  entry: { main: 'src/main.ts', 'burst-child': 'src/processes/burst-child.ts' },
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
