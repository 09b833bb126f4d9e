import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const SOURCE = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const CORE_SOURCE = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));

/**
 * Bundles the current sources (adapter and core) into one plain-JS module for
 * child processes, so they never run a stale dist.
 * @returns the module's path, and a cleanup that removes it.
 */
export async function bundleAdapter(): Promise<{ module: string; cleanup: () => Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'pc-fs-bundle-'));
  await build({
    config: false,
    entry: { 'fs-adapter': SOURCE },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    silent: true,
    noExternal: [/^@pc\//],
    esbuildOptions(options) {
      options.alias = { '@pc/core': CORE_SOURCE };
    },
  });
  return {
    module: join(outDir, 'fs-adapter.js'),
    cleanup: () => rm(outDir, { recursive: true, force: true }),
  };
}
