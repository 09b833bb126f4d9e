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

/**
 * The first ```ts block of the quick start, ready to run: its `declare const db: {...};`
 * (a type only, nothing runs behind it) becomes that same type bound to `standInDb`
 * from ./stand-in-db.js, so the README's own type is checked against the stand-in.
 */
export function runnableQuickStart(): string {
  const block = /```ts\n([\s\S]*?)\n```/.exec(quickStartSection());
  if (!block) throw new Error('the README quick start has no ```ts block');
  const source = block[1]!;
  const declaration = /^declare const db:\s*(\{[\s\S]*?\n\});$/m;
  if (!declaration.test(source)) return source;
  return `import { standInDb } from './stand-in-db.js';\n${source.replace(
    declaration,
    (_match, type: string) => `const db: ${type} = standInDb;`,
  )}`;
}
