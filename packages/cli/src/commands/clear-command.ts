import { confirm } from '../confirm.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import type { Session } from '../session.js';

/**
 * `pc clear [--namespace n]`: the library's own clear. A namespace's clear
 * invalidates its namespace tag (its entries and its sub-namespaces' read as
 * misses in every process); without `--namespace`, the adapter's `clear()`
 * removes the entries of its own adapter namespace only: never a server-wide
 * flush. Asks first unless `yes`.
 */
export async function clearCommand(
  session: Session,
  output: Output,
  namespace: string | undefined,
  yes: boolean,
): Promise<ExitCode> {
  const { cache, path } = session.namespace(namespace);
  const what =
    path.length === 0
      ? `every entry of adapter namespace "${session.adapter.namespace}"`
      : `namespace "${path.join('/')}" (and the namespaces inside it)`;
  if (!yes) await confirm(`Clear ${what} on ${output.scrub(session.description)}?`);
  await cache.clear();
  output.result(() => `cleared ${what}`, {
    ok: true,
    cleared: path.length === 0 ? 'adapter-namespace' : 'namespace',
    namespace: path.join('/'),
    adapterNamespace: session.adapter.namespace,
    bus: session.hasBus,
  });
  return EXIT_CODES.OK;
}
