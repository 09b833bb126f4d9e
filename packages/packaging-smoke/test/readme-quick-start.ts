import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './public-packages.js';

/** The root README's "Quick start" section, up to the next `## ` heading. */
export function quickStartSection(): string {
  const readme = readFileSync(join(REPOSITORY_ROOT, 'README.md'), 'utf8');
  const start = readme.search(/^## Quick start\s*$/m);
  if (start < 0) throw new Error('README.md has no "## Quick start" section');
  const rest = readme.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first ```ts block of the quick start, exactly as a user copies it. */
export function quickStartSample(): string {
  const block = /```ts\n([\s\S]*?)\n```/.exec(quickStartSection());
  if (!block) throw new Error('the README quick start has no ```ts block');
  return `${block[1]!}\n`;
}
