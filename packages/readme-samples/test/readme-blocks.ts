import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PRELUDES = fileURLToPath(new URL('./preludes/', import.meta.url));
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', '.turbo', 'reports']);

/** One ```ts (or ```typescript) block of a README. */
export interface ReadmeBlock {
  /** Path of the README from the repository root, `/`-separated: `packages/core/README.md`. */
  readonly readme: string;
  /** 1-based line of the README holding the block's first line of code. */
  readonly line: number;
  readonly code: string;
  /**
   * Name of the prelude from `<!-- prelude: name -->` just above the block: a file of
   * `test/preludes/` declaring what a fragment assumes (its `db`, its `cache`).
   * Blocks without one are complete samples and compile as they are.
   */
  readonly prelude?: string;
}

/** Every README.md of the repository, outside node_modules and build output, sorted. */
export function readmePaths(directory = REPOSITORY_ROOT): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) {
      found.push(...readmePaths(join(directory, entry.name)));
    } else if (entry.isFile() && entry.name === 'README.md') {
      found.push(join(directory, entry.name));
    }
  }
  return found.sort();
}

const FENCE_START = /^```(ts|typescript)\s*$/;
const PRELUDE_MARKER = /^<!--\s*prelude:\s*([a-z0-9-]+)\s*-->$/;

/** The TypeScript blocks of one README, with their prelude markers. */
export function blocksOf(path: string): ReadmeBlock[] {
  const readme = relative(REPOSITORY_ROOT, path).split('\\').join('/');
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const fence = /^```/.exec(lines[index]!);
    if (!fence) {
      index += 1;
      continue;
    }
    const isTypeScript = FENCE_START.test(lines[index]!);
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end += 1;
    if (isTypeScript) {
      let above = index - 1;
      while (above >= 0 && lines[above]!.trim() === '') above -= 1;
      const marker = above >= 0 ? PRELUDE_MARKER.exec(lines[above]!.trim()) : null;
      blocks.push({
        readme,
        line: start + 1,
        code: lines.slice(start, end).join('\n'),
        ...(marker ? { prelude: marker[1]! } : {}),
      });
    }
    index = end + 1;
  }
  return blocks;
}

/** The text of a prelude, by name (`test/preludes/<name>.ts`). */
export function preludeText(name: string): string {
  return readFileSync(join(PRELUDES, `${name}.ts`), 'utf8');
}
