import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts', 'src/demo.ts', 'src/database-main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  // A private workspace package shipped as TypeScript source: the demo starts
  // its redis-server the way the test run does, so bundle it.
  noExternal: ['@pc/test-services'],
});
