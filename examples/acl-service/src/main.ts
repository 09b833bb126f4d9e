import { startAclService } from './acl-service.js';

// `pnpm start`: PORT (default 0 = any free port), PC_CACHE=off for the uncached
// baseline, PC_CACHE_URL=redis://... or memcached://... for a shared server,
// PC_CACHE_DIR for the filesystem cache's directory (default: a temporary one),
// PC_DATABASE_URL for a shared database process (default: one of its own),
// PC_CACHE_BUS=on for the Redis invalidation bus (several instances),
// PC_CACHE_CLEAR=on|off to clear the cache namespace at start or not,
// PC_BURST_TTL_MS for the burst layer's TTL (0: off).
const port = Number(process.env.PORT ?? 0);
const service = await startAclService({
  port: Number.isInteger(port) && port >= 0 ? port : 0,
  caching: process.env.PC_CACHE !== 'off',
  cacheUrl: process.env.PC_CACHE_URL || undefined,
  cacheDirectory: process.env.PC_CACHE_DIR || undefined,
  databaseUrl: process.env.PC_DATABASE_URL || undefined,
  bus: process.env.PC_CACHE_BUS === 'on',
  ...(process.env.PC_BURST_TTL_MS
    ? { burstTtlMilliseconds: Number(process.env.PC_BURST_TTL_MS) }
    : {}),
  ...(process.env.PC_CACHE_CLEAR ? { clearCacheAtStart: process.env.PC_CACHE_CLEAR === 'on' } : {}),
});
console.log(`acl-service listening on ${service.url} (reads: ${service.description})`);
console.log(`try: curl '${service.url}/access?userId=1&accountId=1&permission=read'`);

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  service.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
