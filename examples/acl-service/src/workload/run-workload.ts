import type { AccountAcl } from '@pc/store-acls';
import type { UserGroups } from '@pc/store-groups';
import { PERMISSIONS, type Permission } from '../database/schema.js';
import { createRandom, SEED_DEFAULTS } from '../database/seed-data.js';
import { createActivePicker } from './active-population.js';
import { JsonClient } from './http-client.js';
import { createWorkingSets } from './working-set.js';
import { WriteLock } from './write-lock.js';

/** Accounts each user works in: the access checks of a user are about these. */
const WORKING_SET_SIZE = 8;

/** Options of `runWorkload`. */
export interface WorkloadOptions {
  /**
   * Base URL of a running acl-service, e.g. `http://127.0.0.1:41234`, or of
   * several instances over one database: reads then spread over them, and a
   * write through one is checked by reads through the next (read before the
   * write, so the old value sits in that instance's cache).
   */
  readonly url: string | readonly string[];
  /** Operations to run in total (a read is one request; a write is several). @default 6_000 */
  readonly operations?: number;
  /** Clients running operations at the same time. @default 8 */
  readonly concurrency?: number;
  /**
   * Share of operations that are writes, from 0 to 1. Permissions are read on
   * every request and changed when someone joins a team or is granted access:
   * about one operation in a hundred. @default 0.01
   */
  readonly writeShare?: number;
  /**
   * Skew of the users and accounts the operations pick: id k is picked with a
   * probability proportional to 1 / k^zipfExponent (see `createZipf`); 0 picks
   * uniformly. @default 1.1
   */
  readonly zipfExponent?: number;
  /**
   * Users the operations pick from, of all users: the ones active during the run
   * (see `createActivePicker` for why a run reads a part of the population).
   * @default 2_500 (5% of the seeded users)
   */
  readonly activeUsers?: number;
  /** Accounts the operations pick from, of all accounts, likewise. @default 1_000 (5%) */
  readonly activeAccounts?: number;
  /** Seed of the pseudo-random choices: same seed, same operations. @default 11 */
  readonly seed?: number;
  /** Id ranges of the seeded database. @default SEED_DEFAULTS */
  readonly ids?: { readonly users: number; readonly accounts: number; readonly groups: number };
  /** Called after every operation. */
  readonly onProgress?: (progress: WorkloadProgress) => void;
}

/** Defaults of every optional `WorkloadOptions` member. */
export const WORKLOAD_DEFAULTS = {
  operations: 6_000,
  concurrency: 8,
  writeShare: 0.01,
  zipfExponent: 1.1,
  activeUsers: 2_500,
  activeAccounts: 1_000,
  seed: 11,
  ids: {
    users: SEED_DEFAULTS.users,
    accounts: SEED_DEFAULTS.accounts,
    groups: SEED_DEFAULTS.groups,
  },
} as const;

/** Where a running workload is. */
export interface WorkloadProgress {
  readonly done: number;
  readonly total: number;
  readonly requests: number;
  readonly staleReads: number;
}

/** What a workload observed. */
export interface WorkloadResult {
  readonly operations: number;
  /** Requests sent to the service's API (the `/debug/truth` reads are not counted). */
  readonly requests: number;
  readonly writes: number;
  /** Client-side latency of every read request, in milliseconds. */
  readonly readLatencies: readonly number[];
  /** When each read of `readLatencies` started, in milliseconds since the workload started. */
  readonly readStarts: readonly number[];
  /** Client-side latency of every write request, in milliseconds. */
  readonly writeLatencies: readonly number[];
  /** Reads made right after a write and compared with the database. */
  readonly checks: number;
  /** Of `checks`: how many differed from what the same read returned before the write. */
  readonly changedByWrite: number;
  /** Of `checks`: how many differed from the database (must be 0). */
  readonly staleReads: number;
  /** Up to five stale reads, described. */
  readonly staleExamples: readonly string[];
  readonly wallMilliseconds: number;
  /** The users and accounts the operations picked from, of how many. */
  readonly population: {
    readonly activeUsers: number;
    readonly users: number;
    readonly activeAccounts: number;
    readonly accounts: number;
  };
}

interface Ids {
  readonly users: number;
  readonly accounts: number;
  readonly groups: number;
}

/**
 * Drives a scripted mix of reads and writes against the service over HTTP.
 * Reads pick users and accounts by Zipf-like popularity (as real traffic does). Writes
 * run one at a time (see `WriteLock`), reads alongside them: a write reads what
 * it will change through the service (so the old value is cached), writes,
 * reads the same things again through the service and straight from the
 * database, and counts a stale read for every difference. With several
 * instances, the reads around a write go through another instance than the
 * write. Bounded: exactly `operations` operations.
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const operations = options.operations ?? WORKLOAD_DEFAULTS.operations;
  const concurrency = options.concurrency ?? WORKLOAD_DEFAULTS.concurrency;
  const writeShare = options.writeShare ?? WORKLOAD_DEFAULTS.writeShare;
  const seed = options.seed ?? WORKLOAD_DEFAULTS.seed;
  const zipfExponent = options.zipfExponent ?? WORKLOAD_DEFAULTS.zipfExponent;
  const activeUsers = options.activeUsers ?? WORKLOAD_DEFAULTS.activeUsers;
  const activeAccounts = options.activeAccounts ?? WORKLOAD_DEFAULTS.activeAccounts;
  const ids: Ids = options.ids ?? WORKLOAD_DEFAULTS.ids;
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const instances = urls.map((url) => new JsonClient(url, concurrency + 1));
  const http = instances[0]!;
  // The instance the reads around a write go through: another one than the write's, if any.
  const checker = instances[1 % instances.length]!;
  let nextReader = 0;
  const lock = new WriteLock();
  const started = performance.now();
  const state = {
    done: 0,
    requests: 0,
    writes: 0,
    checks: 0,
    changedByWrite: 0,
    staleReads: 0,
    staleExamples: [] as string[],
    readLatencies: [] as number[],
    readStarts: [] as number[],
    writeLatencies: [] as number[],
  };

  const read = async (path: string, through?: JsonClient): Promise<unknown> => {
    const instance = through ?? instances[nextReader++ % instances.length]!;
    const at = performance.now() - started;
    const reply = await instance.expect('GET', path);
    state.requests += 1;
    state.readLatencies.push(reply.milliseconds);
    state.readStarts.push(at);
    return reply.body;
  };
  const write = async (method: string, path: string, body?: unknown): Promise<void> => {
    const reply = await http.expect(method, path, body);
    state.requests += 1;
    state.writes += 1;
    state.writeLatencies.push(reply.milliseconds);
  };
  const truth = async (path: string): Promise<unknown> =>
    (await http.expect('GET', `/debug/truth${path}`)).body;

  /** Reads `paths` through the service, runs `change`, then checks each read. */
  const writeAndCheck = async (paths: readonly string[], change: () => Promise<void>) => {
    const before = [];
    for (const path of paths) before.push(JSON.stringify(await read(path, checker)));
    await change();
    for (const [index, path] of paths.entries()) {
      const served = JSON.stringify(await read(path, checker));
      const actual = JSON.stringify(await truth(path));
      state.checks += 1;
      if (served !== before[index]) state.changedByWrite += 1;
      if (served !== actual) {
        state.staleReads += 1;
        if (state.staleExamples.length < 5) {
          state.staleExamples.push(`${path}: served ${served}, database has ${actual}`);
        }
      }
    }
  };

  const runClient = async (client: number, count: number) => {
    const random = createRandom(seed * 1_000 + client);
    // The run's active users and accounts by popularity: a few are read all the
    // time, most rarely.
    const hotUser = createActivePicker(ids.users, activeUsers, zipfExponent, random);
    const hotAccount = createActivePicker(ids.accounts, activeAccounts, zipfExponent, random);
    const accountOf = createWorkingSets(
      ids.accounts,
      activeAccounts,
      zipfExponent,
      WORKING_SET_SIZE,
      random,
    );
    const any = (size: number) => 1 + Math.floor(random() * size);
    const permission = () => PERMISSIONS[Math.floor(random() * PERMISSIONS.length)] as Permission;
    const access = (userId: number, accountId: number, p: Permission) =>
      `/access?userId=${userId}&accountId=${accountId}&permission=${p}`;

    for (let index = 0; index < count; index += 1) {
      const roll = random();
      if (roll < writeShare) {
        await lock.write(async () => {
          const kind = random();
          if (kind < 0.45) {
            // Membership: join or leave a group the account's ACL names, so the access answer can flip.
            const accountId = hotAccount();
            const acl = (await truth(`/accounts/${accountId}/acl`)) as AccountAcl;
            const grants = Object.entries(acl.grants);
            const [groupId, permissions] = grants[Math.floor(random() * grants.length)] ?? [
              String(any(ids.groups)),
              [permission()],
            ];
            const p = (permissions[0] ?? permission()) as Permission;
            const userId = hotUser();
            const groups = (await truth(`/users/${userId}/groups`)) as UserGroups;
            const member = groups.groupIds.includes(groupId);
            await writeAndCheck([`/users/${userId}/groups`, access(userId, accountId, p)], () =>
              write(member ? 'DELETE' : 'PUT', `/groups/${groupId}/members/${userId}`),
            );
          } else if (kind < 0.9) {
            // ACL: grant or revoke a permission for one of a user's groups.
            const userId = hotUser();
            const groups = (await truth(`/users/${userId}/groups`)) as UserGroups;
            const groupId =
              groups.groupIds[Math.floor(random() * groups.groupIds.length)] ??
              String(any(ids.groups));
            const accountId = hotAccount();
            const p = permission();
            const acl = (await truth(`/accounts/${accountId}/acl`)) as AccountAcl;
            const granted = acl.grants[groupId]?.includes(p) === true;
            await writeAndCheck([`/accounts/${accountId}/acl`, access(userId, accountId, p)], () =>
              write(granted ? 'DELETE' : 'PUT', `/accounts/${accountId}/acl/${groupId}/${p}`),
            );
          } else {
            // A team is disbanded: a new group with three members and a grant, read
            // (so it is cached), then deleted. Every member's list must drop it (the
            // group-<id> tag) and so must the account's ACL (an acl event).
            const reply = await http.expect('POST', '/groups', {
              name: `task force ${client}.${index}`,
            });
            state.requests += 1;
            state.writes += 1;
            state.writeLatencies.push(reply.milliseconds);
            const groupId = (reply.body as { groupId: string }).groupId;
            const members = [...new Set([hotUser(), hotUser(), hotUser()])];
            for (const userId of members)
              await write('PUT', `/groups/${groupId}/members/${userId}`);
            const accountId = hotAccount();
            await write('PUT', `/accounts/${accountId}/acl/${groupId}/read`);
            await writeAndCheck(
              [
                ...members.map((userId) => `/users/${userId}/groups`),
                `/accounts/${accountId}/acl`,
                access(members[0]!, accountId, 'read'),
              ],
              () => write('DELETE', `/groups/${groupId}`),
            );
          }
        });
      } else {
        const kind = random();
        if (kind < 0.6) {
          const userId = hotUser();
          await read(access(userId, accountOf(userId), permission()));
        } else if (kind < 0.8) await read(`/users/${hotUser()}/groups`);
        else if (kind < 0.95) await read(`/accounts/${hotAccount()}/acl`);
        else await read(`/users/${hotUser()}`);
      }
      state.done += 1;
      options.onProgress?.({
        done: state.done,
        total: operations,
        requests: state.requests,
        staleReads: state.staleReads,
      });
    }
  };

  try {
    const perClient = Math.floor(operations / concurrency);
    await Promise.all(
      Array.from({ length: concurrency }, (_, client) =>
        runClient(client, perClient + (client < operations % concurrency ? 1 : 0)),
      ),
    );
  } finally {
    for (const instance of instances) instance.close();
  }
  return {
    operations,
    requests: state.requests,
    writes: state.writes,
    readLatencies: state.readLatencies,
    readStarts: state.readStarts,
    writeLatencies: state.writeLatencies,
    checks: state.checks,
    changedByWrite: state.changedByWrite,
    staleReads: state.staleReads,
    staleExamples: state.staleExamples,
    wallMilliseconds: performance.now() - started,
    population: {
      activeUsers: Math.min(activeUsers, ids.users),
      users: ids.users,
      activeAccounts: Math.min(activeAccounts, ids.accounts),
      accounts: ids.accounts,
    },
  };
}
