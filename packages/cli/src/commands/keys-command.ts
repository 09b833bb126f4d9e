import { parseEntryKey, UnsupportedCapabilityError } from '@pc/core';
import picomatch from 'picomatch';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { createProgress } from '../progress.js';
import type { Session } from '../session.js';

/** What `pc keys` takes besides the session. */
export interface KeysCommandOptions {
  /** Only this namespace (a path like `users/admins`); all namespaces when absent. */
  readonly namespace?: string | undefined;
  /** A glob on the user key (`*` matches any characters, `/` and `:` included). */
  readonly match?: string | undefined;
  /** Stop after this many keys. */
  readonly limit?: number | undefined;
  readonly progress: boolean;
}

/**
 * `pc keys`: the keys of stored entries, where the adapter can enumerate them
 * (Redis with SCAN on every master, the fs adapter); Memcached cannot
 * (`UnsupportedCapabilityError`). Invalidated entries stay stored until they
 * expire or are replaced, so they are listed: `pc get` tells their state.
 */
export async function keysCommand(
  session: Session,
  output: Output,
  options: KeysCommandOptions,
): Promise<ExitCode> {
  const { adapter } = session;
  if (!adapter.capabilities.enumerateKeys || typeof adapter.keys !== 'function') {
    throw new UnsupportedCapabilityError(
      `[pc:cli] the ${adapter.name} adapter cannot list its keys (no "enumerateKeys" capability${adapter.name === 'memcached' ? ': memcached has no way to enumerate keys' : ''}); use pc get <key> for one key`,
    );
  }
  const namespace =
    options.namespace === undefined
      ? undefined
      : session.namespace(options.namespace).path.join('/');
  const matches =
    options.match === undefined ? () => true : picomatch(options.match, { bash: true, dot: true });
  const progress = createProgress(options.progress, 'scanning', 'keys scanned');
  const found: Array<{ namespace: string; key: string }> = [];
  let scanned = 0;
  try {
    for await (const adapterKey of adapter.keys()) {
      scanned += 1;
      if (scanned % 1000 === 0) progress.update(scanned);
      const entry = parseEntryKey(adapterKey);
      if (entry === undefined) continue;
      const path = entry.namespacePath.join('/');
      if (namespace !== undefined && path !== namespace) continue;
      if (!matches(entry.key)) continue;
      found.push({ namespace: path, key: entry.key });
      if (options.limit !== undefined && found.length >= options.limit) break;
    }
  } finally {
    progress.stop();
  }
  output.result(
    () =>
      namespace !== undefined
        ? found.map((item) => item.key).join('\n')
        : found
            .map((item) => `${item.namespace === '' ? '-' : item.namespace}\t${item.key}`)
            .join('\n'),
    { ok: true, keys: found, count: found.length, scanned },
  );
  if (!output.json) output.note(`${found.length} key(s), ${scanned} stored key(s) scanned`);
  return EXIT_CODES.OK;
}
