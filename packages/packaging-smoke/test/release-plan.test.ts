import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './public-packages.js';
import { describeResult, runCommand } from './run-command.js';

type BumpType = 'none' | 'patch' | 'minor' | 'major';
const RANK: Record<BumpType, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The parts of `changeset status --output` this test reads. */
interface ReleasePlan {
  readonly changesets: ReadonlyArray<{
    readonly id: string;
    readonly releases: ReadonlyArray<{ readonly name: string; readonly type: BumpType }>;
  }>;
  readonly releases: ReadonlyArray<{
    readonly name: string;
    readonly type: BumpType;
    readonly oldVersion: string;
    readonly newVersion: string;
  }>;
}

// changesets bumps a package MAJOR when a package it peers on leaves the peer range
// (a 0.x `@pc/core` going 0.0.0 -> 0.1.0 leaves `^0.0.0`), whatever its own
// changesets say. The plan may bump a package as far as its own changesets ask, and
// a package without one by a patch at most (a dependency it needs changed).
it('`changeset status` plans no bump above what the changesets ask for', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc-release-plan-'));
  try {
    const output = join(directory, 'plan.json');
    const result = await runCommand(
      join(REPOSITORY_ROOT, 'node_modules/.bin/changeset'),
      ['status', '--output', output],
      { cwd: REPOSITORY_ROOT, timeoutMilliseconds: 120_000 },
    );
    expect(result.code, describeResult(result)).toBe(0);
    const plan = JSON.parse(readFileSync(output, 'utf8')) as ReleasePlan;
    const asked = new Map<string, BumpType>();
    for (const changeset of plan.changesets) {
      for (const release of changeset.releases) {
        const before = asked.get(release.name) ?? 'none';
        if (RANK[release.type] > RANK[before]) asked.set(release.name, release.type);
      }
    }
    const escalated = plan.releases
      .filter((release) => {
        const ceiling = asked.get(release.name) ?? 'patch';
        return RANK[release.type] > RANK[ceiling === 'none' ? 'patch' : ceiling];
      })
      .map(
        (release) =>
          `${release.name}: ${release.type} (${release.oldVersion} -> ${release.newVersion}), its changesets ask for ${asked.get(release.name) ?? 'nothing'}`,
      );
    expect(
      escalated,
      'a peer range (usually on @pc/core) does not admit the planned version: widen it, e.g. "workspace:^0.1.0 || ^0.2.0"',
    ).toEqual([]);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
