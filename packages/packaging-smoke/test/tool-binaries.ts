import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('../', import.meta.url));

/**
 * The JavaScript file of one of this package's devDependencies' bins, to run with
 * `node` (no shell shims). Read from node_modules directly: publint's exports map does
 * not expose its package.json to `require.resolve`.
 */
export function binaryOf(packageName: string, binaryName: string): string {
  const manifestPath = join(PACKAGE_DIRECTORY, 'node_modules', packageName, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin: string | Record<string, string>;
  };
  const relativePath = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[binaryName];
  if (!relativePath) throw new Error(`${packageName} has no bin "${binaryName}"`);
  return join(dirname(manifestPath), relativePath);
}
