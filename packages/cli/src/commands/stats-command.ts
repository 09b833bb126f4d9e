import { setTimeout as sleep } from 'node:timers/promises';
import { parseEntryKey, UnsupportedCapabilityError } from '@pc/core';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { formatBytes, formatDuration, formatRatio, formatTable } from '../format.js';
import type { Output } from '../output.js';
import { createProgress } from '../progress.js';
import type { Session } from '../session.js';
import { readDirectoryStats } from '../stats/directory-stats.js';
import { readMemcachedStats } from '../stats/memcached-stats.js';
import { RedisStatsReader } from '../stats/redis-stats.js';
import type { DirectoryStats, StatsSample } from '../stats/stats-sample.js';
import { sumNodes } from '../stats/sum-nodes.js';

/** What `pc stats` takes besides the session. */
export interface StatsCommandOptions {
  /** Count this adapter namespace's entries through the adapter (a scan). */
  readonly entries: boolean;
  /** Sample again every `intervalSeconds` until interrupted (or `count` samples). */
  readonly watch: boolean;
  readonly intervalSeconds: number;
  /** Samples to take with `watch`; `undefined`: until Ctrl-C. */
  readonly count: number | undefined;
  readonly timeout: number;
  readonly progress: boolean;
}

/**
 * `pc stats`: what the backend tells about itself (entries, memory, evictions,
 * its own hit ratio from INFO / memcached stats, or the fs directory's files);
 * with `--watch`, one sample per interval with rates since the previous one.
 */
export async function statsCommand(
  session: Session,
  output: Output,
  options: StatsCommandOptions,
): Promise<ExitCode> {
  const sampler = createSampler(session, options);
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  process.once('SIGINT', stop);
  try {
    let previous: { sample: StatsSample; time: number } | undefined;
    for (let index = 0; ; index += 1) {
      const sample = await sampler.sample();
      const time = Date.now();
      if (!options.watch) {
        output.result(() => describe(sample), sample);
        break;
      }
      const rates =
        previous === undefined
          ? undefined
          : ratesBetween(previous.sample, sample, time - previous.time);
      output.result(() => watchLine(sample, rates), { ...sample, rates });
      previous = { sample, time };
      if (stopped || (options.count !== undefined && index + 1 >= options.count)) break;
      await sleep(options.intervalSeconds * 1000);
      if (stopped) break;
    }
  } finally {
    process.off('SIGINT', stop);
    await sampler.close();
  }
  return EXIT_CODES.OK;
}

interface Sampler {
  sample(): Promise<StatsSample>;
  close(): Promise<void>;
}

function createSampler(session: Session, options: StatsCommandOptions): Sampler {
  const { target, adapter } = session;
  const base = () => ({ target: session.description, at: new Date().toISOString() });
  const namespaceEntries = async () =>
    options.entries ? { namespaceEntries: await countEntries(session, options.progress) } : {};
  if (target?.kind === 'redis' || target?.kind === 'redis-cluster') {
    const reader = new RedisStatsReader(target, options.timeout);
    return {
      async sample() {
        const nodes = await reader.read();
        return {
          backend: target.kind,
          ...base(),
          ...sumNodes(nodes),
          ...(await namespaceEntries()),
          nodes,
        };
      },
      close: () => reader.close(),
    };
  }
  if (target?.kind === 'memcached') {
    return {
      async sample() {
        const nodes = await readMemcachedStats(target.servers, options.timeout);
        return {
          backend: 'memcached',
          ...base(),
          ...sumNodes(nodes),
          ...(await namespaceEntries()),
          nodes,
        };
      },
      close: async () => undefined,
    };
  }
  const directory = (adapter as { directory?: unknown }).directory;
  if (adapter.name === 'fs' && typeof directory === 'string') {
    return {
      async sample() {
        const progress = createProgress(options.progress, 'counting', 'directories', 64);
        let stats: DirectoryStats;
        try {
          stats = await readDirectoryStats(directory, progress);
        } finally {
          progress.stop();
        }
        return {
          backend: 'fs',
          ...base(),
          entries: stats.files,
          memoryBytes: stats.bytes,
          maxMemoryBytes: undefined,
          evictions: undefined,
          expired: undefined,
          hits: undefined,
          misses: undefined,
          hitRatio: undefined,
          ...(await namespaceEntries()),
          nodes: [],
          directory: stats,
        };
      },
      close: async () => undefined,
    };
  }
  throw new UnsupportedCapabilityError(
    `[pc:cli] pc stats cannot reach the server behind the ${adapter.name} adapter of the config: give the server as --url (or "url" in the config) for Redis and Memcached`,
  );
}

async function countEntries(session: Session, progressEnabled: boolean): Promise<number> {
  const { adapter } = session;
  if (!adapter.capabilities.enumerateKeys || typeof adapter.keys !== 'function') {
    throw new UnsupportedCapabilityError(
      `[pc:cli] --entries needs an adapter that can list its keys; the ${adapter.name} adapter cannot`,
    );
  }
  const progress = createProgress(progressEnabled, 'counting', 'keys scanned');
  let entries = 0;
  let scanned = 0;
  try {
    for await (const key of adapter.keys()) {
      scanned += 1;
      if (scanned % 1000 === 0) progress.update(scanned);
      if (parseEntryKey(key) !== undefined) entries += 1;
    }
  } finally {
    progress.stop();
  }
  return entries;
}

interface Rates {
  readonly hitsPerSecond: number | undefined;
  readonly missesPerSecond: number | undefined;
  readonly evictionsPerSecond: number | undefined;
  /** Hit ratio of the reads during the interval. */
  readonly intervalHitRatio: number | undefined;
}

function ratesBetween(before: StatsSample, after: StatsSample, milliseconds: number): Rates {
  const rate = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || milliseconds <= 0
      ? undefined
      : ((b - a) * 1000) / milliseconds;
  const hits =
    before.hits === undefined || after.hits === undefined ? undefined : after.hits - before.hits;
  const misses =
    before.misses === undefined || after.misses === undefined
      ? undefined
      : after.misses - before.misses;
  return {
    hitsPerSecond: rate(before.hits, after.hits),
    missesPerSecond: rate(before.misses, after.misses),
    evictionsPerSecond: rate(before.evictions, after.evictions),
    intervalHitRatio:
      hits === undefined || misses === undefined || hits + misses === 0
        ? undefined
        : hits / (hits + misses),
  };
}

function count(value: number | undefined): string {
  return value === undefined ? '-' : value.toLocaleString('en-US');
}

function perSecond(value: number | undefined): string {
  return value === undefined ? '' : ` (${value.toFixed(1)}/s)`;
}

function watchLine(sample: StatsSample, rates: Rates | undefined): string {
  const time = sample.at.slice(11, 19);
  const parts = [
    time,
    `entries ${count(sample.entries)}`,
    `memory ${formatBytes(sample.memoryBytes)}`,
  ];
  if (sample.backend !== 'fs') {
    parts.push(
      `hits ${count(sample.hits)}${perSecond(rates?.hitsPerSecond)}`,
      `misses ${count(sample.misses)}${perSecond(rates?.missesPerSecond)}`,
      `hit ratio ${formatRatio(rates?.intervalHitRatio ?? sample.hitRatio)}`,
      `evictions ${count(sample.evictions)}`,
    );
  }
  if (sample.namespaceEntries !== undefined)
    parts.push(`namespace entries ${count(sample.namespaceEntries)}`);
  return parts.join('  ');
}

function describe(sample: StatsSample): string {
  const rows: Array<[string, string]> = [['backend', `${sample.backend} (${sample.target})`]];
  if (sample.directory !== undefined) {
    const directory = sample.directory;
    rows.push(
      ['directory', directory.directory],
      ['files', `${count(directory.files)} (entries and tag records)`],
      ['size', formatBytes(directory.bytes)],
      [
        'temporary',
        `${count(directory.temporaryFiles)} file(s) (old ones are removed by pc prune)`,
      ],
      ['shards', count(directory.directories)],
    );
  } else {
    const memory =
      sample.maxMemoryBytes === undefined || sample.maxMemoryBytes === 0
        ? `${formatBytes(sample.memoryBytes)} (no limit)`
        : `${formatBytes(sample.memoryBytes)} of ${formatBytes(sample.maxMemoryBytes)}`;
    rows.push(
      ['entries', `${count(sample.entries)} on the server(s), all applications`],
      ['memory', memory],
      ['evictions', count(sample.evictions)],
      ['expired', count(sample.expired)],
      [
        'hit ratio',
        `${formatRatio(sample.hitRatio)} (${count(sample.hits)} hits, ${count(sample.misses)} misses since start)`,
      ],
    );
  }
  if (sample.namespaceEntries !== undefined) {
    rows.push(['namespace', `${count(sample.namespaceEntries)} entries in this adapter namespace`]);
  }
  let text = formatTable(rows);
  if (sample.nodes.length > 1 || sample.backend !== 'fs') {
    text += `\n\n${sample.nodes
      .map(
        (node) =>
          `${node.address}  v${node.version ?? '?'}  up ${node.uptimeSeconds === undefined ? '-' : formatDuration(node.uptimeSeconds * 1000)}  entries ${count(node.entries)}  memory ${formatBytes(node.memoryBytes)}  hit ratio ${formatRatio(node.hitRatio)}  evictions ${count(node.evictions)}  clients ${count(node.connections)}`,
      )
      .join('\n')}`;
  }
  return text;
}
