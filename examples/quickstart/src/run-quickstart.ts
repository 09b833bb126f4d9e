import { inspect } from 'node:util';
import { createMemoryAdapter, createMemoryStore } from '@pc/adapter-memory';
import { createCache } from '@pc/core';

const show = (value: unknown) =>
  inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY });
const hitOrMiss = (value: unknown) => (value === undefined ? 'miss' : 'hit');
const sleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** The TTL of the short-lived entry, in milliseconds; the demo waits a little longer. */
export const SHORT_TTL_MILLISECONDS = 100;

/**
 * Walks through the Cache API on the in-memory adapter and reports every step
 * through `print`, one line at a time.
 */
export async function runQuickstart(print: (line: string) => void): Promise<void> {
  // A store of our own, so the demo can report how many entries and bytes it holds.
  const store = createMemoryStore({ maxItems: 1_000 });
  const adapter = createMemoryAdapter({ store });
  const cache = createCache({ adapter, defaultTtlMilliseconds: 60_000 });

  print('pc quickstart: a Cache on @pc/adapter-memory (default TTL 60000 ms)');

  print('');
  print('1. set and get');
  const user = { name: 'Ada', roles: new Set(['admin']), since: new Date('2024-01-02T03:04:05Z') };
  const stored = await cache.set('user:42', user, { tags: ['account:7'] });
  print(`   set user:42 = ${show(user)} tags [account:7] -> ${stored}`);
  const read = await cache.get<typeof user>('user:42');
  print(`   get user:42 -> ${show(read)} (${hitOrMiss(read)})`);
  read?.roles.add('intruder');
  const again = await cache.get<typeof user>('user:42');
  print(`   after mutating what we read, get user:42 -> roles ${show(again?.roles)} (no aliasing)`);

  print('');
  print('2. falsy values are hits, a miss is undefined');
  await cache.set('unread:42', 0);
  await cache.set('banner:42', '');
  const unread = await cache.get('unread:42');
  const banner = await cache.get('banner:42');
  const nothing = await cache.get('never-set');
  print(`   get unread:42 -> ${show(unread)} (${hitOrMiss(unread)})`);
  print(`   get banner:42 -> ${show(banner)} (${hitOrMiss(banner)})`);
  print(`   get never-set -> ${show(nothing)} (${hitOrMiss(nothing)})`);

  print('');
  print('3. tag invalidation');
  await cache.set('team:7', ['ada', 'grace'], { tags: ['account:7'] });
  print(`   entries tagged account:7: user:42, team:7; store holds ${store.size} entries`);
  await cache.invalidateTags(['account:7']);
  print('   invalidateTags([account:7])');
  const afterUser = await cache.get('user:42');
  const afterTeam = await cache.get('team:7');
  print(`   get user:42 -> ${show(afterUser)} (${hitOrMiss(afterUser)})`);
  print(`   get team:7 -> ${show(afterTeam)} (${hitOrMiss(afterTeam)})`);
  const untouched = await cache.get('unread:42');
  print(`   get unread:42 -> ${show(untouched)} (${hitOrMiss(untouched)}: it had no tag)`);

  print('');
  print(`4. TTL in milliseconds`);
  await cache.set('otp:42', '123456', { ttlMilliseconds: SHORT_TTL_MILLISECONDS });
  const fresh = await cache.get('otp:42');
  print(
    `   set otp:42 ttl ${SHORT_TTL_MILLISECONDS} ms; get -> ${show(fresh)} (${hitOrMiss(fresh)})`,
  );
  await sleep(SHORT_TTL_MILLISECONDS + 50);
  const expired = await cache.get('otp:42');
  print(
    `   ${SHORT_TTL_MILLISECONDS + 50} ms later: get otp:42 -> ${show(expired)} (${hitOrMiss(expired)})`,
  );

  print('');
  print('5. namespaces and batches');
  const sessions = cache.namespace('sessions');
  await sessions.setMany([
    { key: 'abc', value: { userId: 42 } },
    { key: 'def', value: { userId: 43 } },
  ]);
  print(
    `   sessions.getMany([def, abc, zzz]) -> ${show(await sessions.getMany(['def', 'abc', 'zzz']))}`,
  );
  await sessions.clear();
  print(`   sessions.clear(); sessions.get(abc) -> ${show(await sessions.get('abc'))}`);
  print(`   the root cache is untouched: get unread:42 -> ${show(await cache.get('unread:42'))}`);

  print('');
  print('6. stats');
  print(`   store: ${store.size} entries, ${store.bytes} bytes (tag versions included)`);
  const { ttlPrecisionMilliseconds, maxValueBytes, persistent } = adapter.capabilities;
  print(
    `   adapter capabilities: ttlPrecisionMilliseconds ${ttlPrecisionMilliseconds}, maxValueBytes ${maxValueBytes}, persistent ${persistent}`,
  );

  await cache.dispose();
  await adapter.dispose();
  print('');
  print(
    'done: swap createMemoryAdapter for the Redis, Memcached or filesystem adapter and nothing else changes.',
  );
}
