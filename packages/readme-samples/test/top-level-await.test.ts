import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksOf, REPOSITORY_ROOT, readmePaths } from './readme-blocks.js';

// A statement at column 0 that awaits: `await x`, `const y = await x`.
const TOP_LEVEL_AWAIT = /^(?:await\b|(?:const|let|var)\b[^\n]*=\s*await\b)/m;
const MODULE_HINT = '"type": "module"';

// The READMEs a user reads: the root's and those of the published packages.
function isUserFacing(path: string): boolean {
  const folder = dirname(path);
  if (folder === join(REPOSITORY_ROOT, '.')) return true;
  if (dirname(folder) !== join(REPOSITORY_ROOT, 'packages')) return false;
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  return manifest.private !== true;
}

// A README's first sample is what a new user pastes into a fresh `npm init -y`
// project, which is CommonJS: top-level await then fails unless the README says why.
const FIRST_SAMPLES = readmePaths()
  .filter(isUserFacing)
  .map((path) => blocksOf(path)[0])
  .filter((block) => block !== undefined && TOP_LEVEL_AWAIT.test(block.code));

describe('a user-facing README whose first sample uses top-level await', () => {
  it('exists (the scan finds the quick starts)', () => {
    expect(FIRST_SAMPLES.map((block) => block!.readme)).toContain('README.md');
  });

  it.each(FIRST_SAMPLES.map((block) => ({ readme: block!.readme, line: block!.line })))(
    '$readme says to run it as an ES module before its first sample (line $line)',
    ({ readme, line }) => {
      const lines = readFileSync(join(REPOSITORY_ROOT, readme), 'utf8').split('\n');
      const headingIndex = lines.slice(0, line).findLastIndex((text) => /^#{1,3} /.test(text));
      const before = lines.slice(Math.max(headingIndex, 0), line - 1).join('\n');
      expect(before, `the text between the heading and line ${line}`).toContain(MODULE_HINT);
    },
  );
});
