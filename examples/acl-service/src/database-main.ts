import { serveDatabase } from './database/database-server.js';
import type { SeedOptions } from './database/seed-data.js';
import { openSeededPglite } from './database/seeded-pglite.js';

// The database process: PGlite (seeded from PC_DATABASE_SEED, JSON) behind a
// loopback socket; PC_DATABASE_PORT picks the port (default: any free one).
const seed = JSON.parse(process.env.PC_DATABASE_SEED || '{}') as SeedOptions;
const db = await openSeededPglite(seed);
const server = await serveDatabase(db, Number(process.env.PC_DATABASE_PORT ?? 0));
console.log(`acl-database listening on ${server.url}`);

const stop = () => {
  server.close().then(
    () => db.close(),
    () => undefined,
  );
  // Open client connections would keep close() waiting: exit once PGlite is closed.
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
