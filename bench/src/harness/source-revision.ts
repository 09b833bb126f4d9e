import { execFileSync } from 'node:child_process';

/** The commit the measured pc code comes from, and whether packages/ had uncommitted changes. */
export function readSourceRevision(repositoryRoot: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repositoryRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'packages') !== '';
    return dirty ? `${commit} + uncommitted changes in packages/` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
