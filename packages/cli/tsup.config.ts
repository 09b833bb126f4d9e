import { defineConfig } from 'tsup';

export default defineConfig({
  // The library entry (config helper, exit codes) and the `pc` binary.
  entry: { index: 'src/index.ts', pc: 'src/pc.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
