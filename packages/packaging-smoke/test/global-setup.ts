import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { publicPackages, REPOSITORY_ROOT, tarballName } from './public-packages.js';
import { describeResult, pnpmCommand, runCommand } from './run-command.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Package name -> absolute path of its tarball, packed by `pnpm pack`. */
    tarballs: Record<string, string>;
  }
}

/**
 * Packs every public package once, with `pnpm pack` (the command a release uses: it
 * rewrites `workspace:` ranges to versions), into a temporary folder outside the
 * workspace. The packages must be built (the root test command builds first).
 * Set PC_PACKAGING_SMOKE_KEEP=1 to keep the folder (and the test app) for a look.
 */
export default async function setup(project: TestProject) {
  const packages = publicPackages();
  const destination = mkdtempSync(join(tmpdir(), 'pc-packs-'));
  const pnpm = pnpmCommand();
  const filters = packages.flatMap((pkg) => [
    '--filter',
    `./${relative(REPOSITORY_ROOT, pkg.directory)}`,
  ]);
  const result = await runCommand(
    pnpm.file,
    [...pnpm.prefix, ...filters, 'pack', '--pack-destination', destination],
    { cwd: REPOSITORY_ROOT, timeoutMilliseconds: 300_000 },
  );
  if (result.code !== 0) throw new Error(`packing failed: ${describeResult(result)}`);
  const tarballs: Record<string, string> = {};
  for (const pkg of packages) {
    const tarball = join(destination, tarballName(pkg.name, pkg.version));
    if (!existsSync(tarball)) {
      throw new Error(`pnpm pack wrote no ${tarball}:\n${describeResult(result)}`);
    }
    tarballs[pkg.name] = tarball;
  }
  console.log(`[packaging-smoke] packed ${packages.length} packages in ${result.milliseconds} ms`);
  project.provide('tarballs', tarballs);
  return () => {
    if (process.env.PC_PACKAGING_SMOKE_KEEP === '1') {
      console.log(`[packaging-smoke] kept ${destination}`);
      return;
    }
    rmSync(destination, { recursive: true, force: true });
  };
}
