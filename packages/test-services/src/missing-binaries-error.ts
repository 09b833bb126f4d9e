import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { INSTALL_COMMAND } from './test-services-defaults.js';

/** Thrown when redis-server, redis-cli or memcached is not on PATH. Never a skip: the run fails. */
export class MissingBinariesError extends Error {
  readonly code = 'PC_TEST_SERVICES_MISSING_BINARIES';
  readonly binaries: readonly string[];

  constructor(binaries: readonly string[]) {
    super(
      `[pc:test-services] ${binaries.join(', ')} not found on PATH; the tests need real servers. ` +
        `Install them with \`${INSTALL_COMMAND}\` (as root, or with sudo), ` +
        'or run `npx -y pnpm@10.34.9 test` from the repository root as root, which installs them.',
    );
    this.name = 'MissingBinariesError';
    this.binaries = binaries;
  }
}

/** Returns the absolute path of an executable on PATH, or `undefined`. */
export function findBinary(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Throws a {@link MissingBinariesError} naming every binary that is missing. */
export function assertBinaries(names: readonly string[]): void {
  const missing = names.filter((name) => findBinary(name) === undefined);
  if (missing.length > 0) throw new MissingBinariesError(missing);
}
