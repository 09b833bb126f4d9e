import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeProcess } from '../processes/start-node-process.js';
import { DATABASE_BANNER } from './database-protocol.js';
import type { SeedOptions } from './seed-data.js';

/** A database process (PGlite behind a loopback socket) that the caller owns. */
export interface DatabaseProcess {
  /** `pcdb://127.0.0.1:<port>`: what `AclDatabase.connect` and `PC_DATABASE_URL` take. */
  readonly url: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MILLISECONDS = 180_000;

/**
 * The built entry of the database process, `dist/database-main.js` of this
 * package: found from this module whether it runs from `dist/` (the demo, the
 * service) or from `src/` (the tests, which run after the package's build).
 */
export function databaseMainScript(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('[acl-service] package.json not found');
    directory = parent;
  }
  const script = join(directory, 'dist', 'database-main.js');
  if (!existsSync(script)) {
    throw new Error(`[acl-service] ${script} is missing: build the example first`);
  }
  return script;
}

/**
 * Starts the service's database in its own process (an embedded Postgres:
 * nothing to install), seeded with `seed`, and waits until it accepts connections.
 * Off the service's event loop: a query costs the service waiting time, never
 * blocked time, as with a database server.
 */
export async function startDatabaseProcess(seed: SeedOptions = {}): Promise<DatabaseProcess> {
  const { match, stop } = await startNodeProcess({
    name: 'the database',
    script: databaseMainScript(),
    env: { PC_DATABASE_SEED: JSON.stringify(seed) },
    banner: DATABASE_BANNER,
    startTimeoutMilliseconds: START_TIMEOUT_MILLISECONDS,
  });
  return { url: match[1]!, stop };
}
