import { type EntryInspection, inspectEntry } from '@pc/core';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { formatBytes, formatDuration, formatTable, formatValue } from '../format.js';
import type { Output } from '../output.js';
import type { Session } from '../session.js';

const STATE_TEXT: Record<EntryInspection['state'], string> = {
  value: 'value (a read returns it)',
  stale: 'stale (past its TTL, kept for grace: served only when a load fails or is slow)',
  outdated: 'outdated (a tag or namespace was invalidated: a read misses)',
  lease: 'lease (a load of this key is running, or died holding it: a read waits, then loads)',
  absent: 'absent',
  undecodable:
    'undecodable (encoded by codecs this run was not given, or tampered with: pass --config with your codecs)',
  corrupt: 'corrupt (not a pc entry: a read misses and replaces it)',
  'newer-format': 'newer format (written by a newer pc: left alone)',
};

/**
 * `pc get <key>`: the entry of `key` taken apart (state, decoded value, TTL left,
 * size, codecs, tags and whether each is current). Exits `NOT_FOUND` unless a
 * read would return a value.
 */
export async function getCommand(
  session: Session,
  output: Output,
  key: string,
  namespace: string | undefined,
): Promise<ExitCode> {
  const { path, codecs } = session.namespace(namespace);
  const entry = await inspectEntry(session.adapter, key, { namespacePath: path, codecs });
  output.result(() => describe(entry), {
    ...entry,
    ...jsonValue(entry),
    namespace: entry.namespacePath.join('/'),
  });
  return entry.state === 'value' ? EXIT_CODES.OK : EXIT_CODES.NOT_FOUND;
}

/** The value for `--json`: as is when plain JSON, else as inspected text in `valueText`. */
function jsonValue(entry: EntryInspection): { value?: unknown; valueText?: string } {
  if (!('value' in entry)) return {};
  if (entry.plainJson === true) return { value: entry.value };
  return { value: null, valueText: formatValue(entry.value, false) };
}

function describe(entry: EntryInspection): string {
  const rows: Array<[string, string]> = [
    ['key', entry.key],
    ['namespace', entry.namespacePath.length === 0 ? '(root)' : entry.namespacePath.join('/')],
    ['state', STATE_TEXT[entry.state]],
  ];
  if ('value' in entry) rows.push(['value', formatValue(entry.value, entry.plainJson)]);
  if (entry.leaseToken !== undefined) {
    rows.push([
      'lease',
      entry.carriesValue === true
        ? `${entry.leaseToken} (carries the value it replaced: a refresh or a load in grace)`
        : entry.leaseToken,
    ]);
  }
  if (entry.freshUntil !== undefined) {
    rows.push(['fresh until', new Date(entry.freshUntil).toISOString()]);
  }
  if (entry.state !== 'absent') {
    rows.push([
      'ttl',
      entry.expiresAt === undefined
        ? 'none (kept until invalidated, deleted or evicted)'
        : `${formatDuration(Math.max(0, entry.ttlMilliseconds ?? 0))} (expires ${new Date(entry.expiresAt).toISOString()})`,
    ]);
    rows.push([
      'size',
      entry.valueBytes === undefined
        ? `${formatBytes(entry.sizeBytes)} stored`
        : `${formatBytes(entry.sizeBytes)} stored, ${formatBytes(entry.valueBytes)} serialized value`,
    ]);
    rows.push(['codecs', entry.codecs.length === 0 ? 'none' : entry.codecs.join(', ')]);
    rows.push([
      'tags',
      entry.tags.length === 0
        ? 'none'
        : entry.tags
            .map(
              (tag) =>
                `${tag.kind === 'namespace' ? 'namespace ' : ''}${tag.name}: ${tag.current ? 'current' : tag.currentVersion === undefined ? 'record gone (invalidated or evicted)' : 'invalidated since'}`,
            )
            .join('\n'),
    ]);
  }
  rows.push(['adapter key', entry.adapterKey]);
  return formatTable(rows);
}
