import { PERMISSIONS, type Permission } from './schema.js';

/** How much data the embedded database starts with. */
export interface SeedOptions {
  /** Number of accounts. @default 200 */
  readonly accounts?: number;
  /** Number of users. @default 2_000 */
  readonly users?: number;
  /** Number of groups. @default 150 */
  readonly groups?: number;
  /** Groups each user belongs to, at most (at least 1). @default 4 */
  readonly maxGroupsPerUser?: number;
  /** ACL entries per account, at most (at least 2). @default 24 */
  readonly maxAclEntriesPerAccount?: number;
  /** Seed of the pseudo-random generator: the same seed gives the same data. @default 7 */
  readonly seed?: number;
}

/** Defaults of every `SeedOptions` member. */
export const SEED_DEFAULTS = {
  accounts: 200,
  users: 2_000,
  groups: 150,
  maxGroupsPerUser: 4,
  maxAclEntriesPerAccount: 24,
  seed: 7,
} as const satisfies Required<SeedOptions>;

/** The rows the database is seeded with. */
export interface SeedData {
  readonly accounts: ReadonlyArray<{ id: number; name: string }>;
  readonly users: ReadonlyArray<{ id: number; name: string; email: string }>;
  readonly groups: ReadonlyArray<{ id: number; name: string }>;
  readonly memberships: ReadonlyArray<{ userId: number; groupId: number }>;
  readonly acls: ReadonlyArray<{ accountId: number; groupId: number; permission: Permission }>;
}

/** A small deterministic generator (mulberry32): the demo must be repeatable. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Builds the seed rows (ids start at 1). */
export function generateSeedData(options: SeedOptions = {}): SeedData {
  const settings = { ...SEED_DEFAULTS, ...options };
  const random = createRandom(settings.seed);
  const pick = (count: number) => 1 + Math.floor(random() * count);

  const accounts = range(settings.accounts).map((id) => ({ id, name: `account ${id}` }));
  const users = range(settings.users).map((id) => ({
    id,
    name: `user ${id}`,
    email: `user${id}@example.test`,
  }));
  const groups = range(settings.groups).map((id) => ({ id, name: `team ${id}` }));

  const memberships: Array<{ userId: number; groupId: number }> = [];
  for (const user of users) {
    const groupIds = new Set<number>();
    const count = pick(settings.maxGroupsPerUser);
    while (groupIds.size < count) groupIds.add(pick(settings.groups));
    for (const groupId of groupIds) memberships.push({ userId: user.id, groupId });
  }

  const acls: Array<{ accountId: number; groupId: number; permission: Permission }> = [];
  for (const account of accounts) {
    const entries = new Set<string>();
    const count = Math.max(2, pick(settings.maxAclEntriesPerAccount));
    while (entries.size < count) {
      const groupId = pick(settings.groups);
      const permission = PERMISSIONS[Math.floor(random() * PERMISSIONS.length)] as Permission;
      const id = `${groupId}:${permission}`;
      if (entries.has(id)) continue;
      entries.add(id);
      acls.push({ accountId: account.id, groupId, permission });
    }
  }
  return { accounts, users, groups, memberships, acls };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}
