import { InvalidOptionsError } from '@pc/core';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import type { Session } from '../session.js';

/**
 * `pc invalidate --tag <t>... --key <k>...`: the library's own invalidation
 * (`cache.invalidate`): entries deleted, tag versions renewed, and the bus told,
 * so every process drops them from L1.
 */
export async function invalidateCommand(
  session: Session,
  output: Output,
  keys: readonly string[],
  tags: readonly string[],
  namespace: string | undefined,
): Promise<ExitCode> {
  if (keys.length === 0 && tags.length === 0) {
    throw new InvalidOptionsError('[pc:cli] invalidate needs at least one --tag or --key');
  }
  const { cache, path } = session.namespace(namespace);
  await cache.invalidate({ keys, tags });
  output.result(
    () =>
      [
        `invalidated ${keys.length} key(s) and ${tags.length} tag(s)${path.length > 0 ? ` in namespace ${path.join('/')}` : ''}`,
        session.hasBus
          ? 'published on the bus'
          : 'no bus: other processes drop their L1 copies when their burst TTL ends',
      ].join('\n'),
    { ok: true, keys, tags, namespace: path.join('/'), bus: session.hasBus },
  );
  return EXIT_CODES.OK;
}
