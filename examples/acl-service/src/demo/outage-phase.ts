import type { UserGroups } from '@pc/store-groups';
import { JsonClient } from '../workload/http-client.js';

/** Options of `runOutagePhase`. */
export interface OutagePhaseOptions {
  /** Base URL of a running acl-service. */
  readonly url: string;
  /** How long the database refuses every statement, in milliseconds. @default 3_000 */
  readonly outageMilliseconds?: number;
  /** Clients reading during the outage. @default 8 */
  readonly readers?: number;
}

/** What readers saw while the database was down. */
export interface OutageResult {
  /** Reads answered with 2xx during the outage. */
  readonly successes: number;
  /** Reads answered with an error (or not at all) during the outage. */
  readonly failures: number;
  /**
   * Of `failures`: reads of paths that nothing invalidated since they were read
   * (with a cache, these must answer: 0).
   */
  readonly cachedPathFailures: number;
  /**
   * Successful reads of what a write invalidated just before the outage that
   * returned the value from before that write (must be 0).
   */
  readonly invalidatedServed: number;
  /** Successful reads that differ from the database after it came back (must be 0). */
  readonly wrongAnswers: number;
}

const OUTAGE_DEFAULTS = { outageMilliseconds: 3_000, readers: 8 } as const;
/** Users and accounts whose reads the phase caches before the outage. */
const USERS = Array.from({ length: 24 }, (_, index) => index + 1);
const ACCOUNTS = Array.from({ length: 12 }, (_, index) => index + 1);
/** Of `USERS`: whose group list a write changes right before the outage (not re-read). */
const CHANGED_USERS = USERS.slice(0, 4);
const CHANGED_GROUP = 1;

/**
 * The outage phase: reads a fixed set of paths (so a cache holds them),
 * changes the group list of a few users (so a cache has just invalidated those),
 * then makes the database refuse every statement for a few seconds while
 * readers keep reading the same paths. Once it is back, every successful answer
 * is compared with the database. With caching off every read fails; with pc,
 * reads of cached entries succeed, and what the writes invalidated is never
 * served from before the write.
 */
export async function runOutagePhase(options: OutagePhaseOptions): Promise<OutageResult> {
  const outageMilliseconds = options.outageMilliseconds ?? OUTAGE_DEFAULTS.outageMilliseconds;
  const readers = options.readers ?? OUTAGE_DEFAULTS.readers;
  const http = new JsonClient(options.url, readers + 1);
  const paths = [
    ...USERS.map((userId) => `/users/${userId}/groups`),
    ...ACCOUNTS.map((accountId) => `/accounts/${accountId}/acl`),
    ...USERS.map(
      (userId, index) =>
        `/access?userId=${userId}&accountId=${ACCOUNTS[index % ACCOUNTS.length]}&permission=read`,
    ),
  ];
  try {
    for (const path of paths) await http.expect('GET', path);
    const beforeWrite = new Map<string, string>();
    for (const userId of CHANGED_USERS) {
      const path = `/users/${userId}/groups`;
      const groups = (await http.expect('GET', `/debug/truth${path}`)).body as UserGroups;
      beforeWrite.set(path, JSON.stringify(groups));
      const member = groups.groupIds.includes(String(CHANGED_GROUP));
      await http.expect(member ? 'DELETE' : 'PUT', `/groups/${CHANGED_GROUP}/members/${userId}`);
    }

    await http.expect('POST', '/debug/outage', { milliseconds: outageMilliseconds });
    const ends = performance.now() + outageMilliseconds - 100;
    const served: Array<{ path: string; body: string }> = [];
    let failures = 0;
    let cachedPathFailures = 0;
    // What the writes changed: the users' group lists and their access checks.
    const invalidated = (path: string) =>
      CHANGED_USERS.some(
        (userId) =>
          path === `/users/${userId}/groups` || path.startsWith(`/access?userId=${userId}&`),
      );
    let next = 0;
    await Promise.all(
      Array.from({ length: readers }, async () => {
        while (performance.now() < ends) {
          const path = paths[next++ % paths.length]!;
          const reply = await http.send('GET', path).catch(() => undefined);
          if (reply !== undefined && reply.status >= 200 && reply.status < 300) {
            served.push({ path, body: JSON.stringify(reply.body) });
          } else {
            failures += 1;
            if (!invalidated(path)) cachedPathFailures += 1;
          }
        }
      }),
    );

    const truth = new Map<string, string>();
    for (const path of paths) {
      truth.set(path, JSON.stringify((await waitForDatabase(http, `/debug/truth${path}`)).body));
    }
    return {
      successes: served.length,
      failures,
      cachedPathFailures,
      invalidatedServed: served.filter(({ path, body }) => beforeWrite.get(path) === body).length,
      wrongAnswers: served.filter(({ path, body }) => truth.get(path) !== body).length,
    };
  } finally {
    http.close();
  }
}

/** Reads `path` until the database answers again (the outage ends on its own). */
async function waitForDatabase(http: JsonClient, path: string) {
  for (;;) {
    const reply = await http.send('GET', path);
    if (reply.status >= 200 && reply.status < 300) return reply;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
