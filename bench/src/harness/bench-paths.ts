import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the bench lives and writes, found from this file (works from `src/` and `dist/`). */
export interface BenchPaths {
  /** The `bench/` package directory. */
  benchDirectory: string;
  /** The repository root (BENCHMARKS.md goes there). */
  repositoryRoot: string;
  /** `bench/results/`. */
  resultsDirectory: string;
}

/** Walks up from this module to the directory whose package.json is `@pc/bench`. */
export function findBenchPaths(): BenchPaths {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@pc/bench') {
      return {
        benchDirectory: directory,
        repositoryRoot: dirname(directory),
        resultsDirectory: join(directory, 'results'),
      };
    }
    const parent = dirname(directory);
    if (parent === directory)
      throw new Error('[pc:bench] cannot find the @pc/bench package directory');
    directory = parent;
  }
}

/** Versions of the measured libraries, read from the bench's node_modules. */
export function readLibraryVersions(
  benchDirectory: string,
  names: readonly string[],
): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    try {
      const manifest = join(benchDirectory, 'node_modules', name, 'package.json');
      versions[name] = JSON.parse(readFileSync(manifest, 'utf8')).version;
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}
