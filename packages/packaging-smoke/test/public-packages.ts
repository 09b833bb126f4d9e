import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One package that is published: a folder of `packages/` whose manifest is not private. */
export interface PublicPackage {
  /** `@pc/core` */
  readonly name: string;
  readonly version: string;
  /** Absolute path of its folder. */
  readonly directory: string;
  /** Its package.json as committed (with `workspace:` ranges). */
  readonly manifest: Record<string, unknown>;
}

/** Every public package, sorted by name. New packages are covered without editing the tests. */
export function publicPackages(): PublicPackage[] {
  const parent = join(REPOSITORY_ROOT, 'packages');
  const found: PublicPackage[] = [];
  for (const entry of readdirSync(parent, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const directory = join(parent, entry.name);
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.private === true) continue;
    found.push({
      name: String(manifest.name),
      version: String(manifest.version),
      directory,
      manifest,
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The file name `pnpm pack` gives a package's tarball: `@pc/core` 0.1.0 -> `pc-core-0.1.0.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}
