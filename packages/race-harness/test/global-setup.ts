import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const CORE = join(PACKAGE, '..', 'core');

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The workers are forked from dist/worker.js (plain JS, no vitest in them):
 * build it when it is missing or older than src/. They load the BUILT @pc/core,
 * adapters included, so warn when core's dist is older than its source.
 */
export default function setup(): void {
  const worker = join(PACKAGE, 'dist', 'worker.js');
  if (!existsSync(worker) || statSync(worker).mtimeMs < newestModification(join(PACKAGE, 'src'))) {
    const tsup = join(PACKAGE, 'node_modules', '.bin', 'tsup');
    const build = spawnSync(tsup, [], { cwd: PACKAGE, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('[pc:race-harness] building dist/worker.js failed');
  }
  const coreDist = join(CORE, 'dist', 'index.js');
  if (!existsSync(coreDist)) {
    throw new Error(
      '[pc:race-harness] @pc/core is not built: npx -y pnpm@10.34.9 --filter @pc/core build',
    );
  }
  if (statSync(coreDist).mtimeMs < newestModification(join(CORE, 'src'))) {
    console.warn(
      '[pc:race-harness] packages/core/dist is older than packages/core/src: the workers run the built core. Rebuild it to test your changes.',
    );
  }
}
