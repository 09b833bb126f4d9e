import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import type { Session } from '../session.js';

/**
 * `pc delete <key...>`: removes the entries through the cache (so this process's
 * bus tells other processes to drop them from L1). Exits `NOT_FOUND` when none
 * of the keys held an entry.
 */
export async function deleteCommand(
  session: Session,
  output: Output,
  keys: readonly string[],
  namespace: string | undefined,
): Promise<ExitCode> {
  const { cache, path } = session.namespace(namespace);
  const deleted = await cache.deleteMany(keys);
  // A delete tells the bus without waiting; an invalidation of the same keys
  // waits until the message is out, before this process exits.
  if (session.hasBus) await cache.invalidate({ keys });
  output.result(
    () =>
      `deleted ${deleted} of ${keys.length} key(s)${path.length > 0 ? ` in namespace ${path.join('/')}` : ''}`,
    { ok: true, deleted, keys, namespace: path.join('/'), bus: session.hasBus },
  );
  return deleted > 0 ? EXIT_CODES.OK : EXIT_CODES.NOT_FOUND;
}
