/** How much data the embedded database starts with. */
export interface SeedOptions {
  /** Number of accounts. @default 20_000 */
  readonly accounts?: number;
  /** Number of users. @default 50_000 */
  readonly users?: number;
  /**
   * Number of groups, nested: about 1% are departments (no parent), the next
   * 9% teams inside them, the rest sub-teams inside teams; one group in ten has a
   * second parent. @default 5_000
   */
  readonly groups?: number;
  /** Groups each user belongs to directly, at most (at least 1). @default 6 */
  readonly maxGroupsPerUser?: number;
  /** ACL entries per account, at most (at least 2 before duplicates are dropped). @default 20 */
  readonly maxAclEntriesPerAccount?: number;
  /** Seed of the pseudo-random choices: the same seed gives the same data. @default 7 */
  readonly seed?: number;
}

/** Defaults of every `SeedOptions` member. */
export const SEED_DEFAULTS = {
  accounts: 20_000,
  users: 50_000,
  groups: 5_000,
  maxGroupsPerUser: 6,
  maxAclEntriesPerAccount: 20,
  seed: 7,
} as const satisfies Required<SeedOptions>;

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

/**
 * The statements that fill the schema, run inside the database: `generate_series`
 * and set-based inserts, so hundreds of thousands of rows take a second or two
 * rather than a round trip each. Deterministic: every choice is a hash of the row
 * number, a salt and the seed (`hashint8extended`, stable across runs and machines).
 */
export function seedStatements(options: SeedOptions = {}): string[] {
  const settings = { ...SEED_DEFAULTS, ...options };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`[acl-service] seed option ${name} must be a positive integer`);
    }
  }
  const { accounts, users, groups, maxGroupsPerUser, maxAclEntriesPerAccount, seed } = settings;
  // A number from 0 to n - 1 picked by (row, salt): the same on every run.
  const pick = (row: string, salt: number, n: number | string) =>
    `(abs(hashint8extended((${row})::bigint * 64 + ${salt}, ${seed})) % (${n}))::int`;
  const departments = Math.max(1, Math.ceil(groups / 100));
  // A group's parents have smaller ids (acyclic): a team's are departments, a sub-team's teams.
  const parentRange = (g: string) => `greatest(${departments}, ${g} / 10)`;
  const teams = Math.max(departments, Math.floor(groups / 10));
  return [
    `insert into accounts select i, 'account ' || i from generate_series(1, ${accounts}) i`,
    `insert into users select i, 'user ' || i, 'user' || i || '@example.test' from generate_series(1, ${users}) i`,
    `insert into groups select i, 'team ' || i from generate_series(1, ${groups}) i`,
    `insert into group_parents
       select g, 1 + ${pick('g', 1, parentRange('g'))} from generate_series(${departments + 1}, ${groups}) g
       union
       select g, 1 + ${pick('g', 2, parentRange('g'))} from generate_series(${departments + 1}, ${groups}) g
        where g % 10 = 0`,
    // Users sit mostly in sub-teams (where a user's work is), some directly in teams.
    `insert into memberships
       select distinct u, case when ${pick('u * 8 + k', 4, 5)} = 0
                            then 1 + ${pick('u * 8 + k', 5, teams)}
                            else 1 + ${pick('u * 8 + k', 6, groups)} end
         from generate_series(1, ${users}) u, generate_series(1, ${maxGroupsPerUser}) k
        where k <= 1 + ${pick('u', 3, maxGroupsPerUser)}`,
    // ACLs name departments and teams mostly (that is how access is granted), sub-teams too.
    `insert into acls
       select distinct a, case when ${pick('a * 64 + k', 8, 3)} = 0
                            then 1 + ${pick('a * 64 + k', 9, groups)}
                            else 1 + ${pick('a * 64 + k', 10, teams)} end,
              (array['read', 'write', 'admin', 'billing'])[1 + ${pick('a * 64 + k', 11, 4)}]
         from generate_series(1, ${accounts}) a, generate_series(1, ${maxAclEntriesPerAccount}) k
        where k <= greatest(2, 1 + ${pick('a', 7, maxAclEntriesPerAccount)})`,
  ];
}
