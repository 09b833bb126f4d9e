import { UnsupportedCapabilityError } from '@pc/core';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { createProgress } from '../progress.js';
import type { Session } from '../session.js';

/** Shard directories from which a progress bar is worth drawing. */
const PROGRESS_MINIMUM_DIRECTORIES = 64;

/** An adapter's `prune()` that reports progress (the fs adapter's does). */
type PruneWithProgress = (options?: {
  onProgress?: (done: number, total: number) => void;
}) => Promise<number>;

/**
 * `pc prune`: removes expired entries and leftovers of crashed processes
 * (adapters that declare `capabilities.prune`: the fs adapter), with a progress
 * bar on stderr for large directories.
 */
export async function pruneCommand(
  session: Session,
  output: Output,
  progressEnabled: boolean,
): Promise<ExitCode> {
  const { adapter } = session;
  if (!adapter.capabilities.prune || typeof adapter.prune !== 'function') {
    throw new UnsupportedCapabilityError(
      `[pc:cli] the ${adapter.name} adapter cannot prune: it declares no "prune" capability (Redis and Memcached expire entries by themselves); prune is for the fs adapter`,
    );
  }
  const progress = createProgress(
    progressEnabled,
    'pruning',
    'directories',
    PROGRESS_MINIMUM_DIRECTORIES,
  );
  const started = Date.now();
  let removed: number;
  try {
    removed = await (adapter.prune as PruneWithProgress).call(adapter, {
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.stop();
  }
  const milliseconds = Date.now() - started;
  output.result(
    () =>
      `removed ${removed} expired entr${removed === 1 ? 'y' : 'ies'} or leftover file(s) in ${milliseconds} ms`,
    {
      ok: true,
      removed,
      milliseconds,
    },
  );
  return EXIT_CODES.OK;
}
