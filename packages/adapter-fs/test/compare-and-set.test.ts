import { type ChildProcess, fork } from 'node:child_process';
import { readdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ClosedError, InvalidKeyError, SerializationError, ValueTooLargeError } from '@pc/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EntryLocation } from '../src/entry-location.js';
import { createFsAdapter } from '../src/index.js';
import { bundleAdapter } from './bundle-adapter.js';
import { mulberry32 } from './fixtures/mulberry32.mjs';
import { temporaryRoot } from './temporary-root.js';

afterEach(() => {
  vi.useRealTimers();
});

async function setUp(label: string, options: { maxValueBytes?: number; maxEntries?: number } = {}) {
  const directory = await temporaryRoot(label);
  const adapter = createFsAdapter({ directory, namespace: 'cas', ...options });
  const location = new EntryLocation(directory, 'cas');
  const pathOf = (key: string) => location.entryPath(location.hash(key));
  return { directory, adapter, location, pathOf };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Gives a waiting operation time to run if it wrongly could; never needed for a pass. */
function chanceToRun(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30));
}

describe('compareAndSet', () => {
  it('is declared and present', async () => {
    const { adapter } = await setUp('capability');
    expect(adapter.capabilities.compareAndSet).toBe(true);
    expect(typeof adapter.compareAndSet).toBe('function');
    expect(await adapter.compareAndSet([])).toEqual([]);
    await adapter.dispose();
  });

  it('add (expected undefined): stores when absent, changes nothing when present', async () => {
    const { adapter } = await setUp('add');
    const expiresAt = Date.now() + 60_000;
    expect(
      await adapter.compareAndSet([['k', undefined, { payload: 'lease', expiresAt }]]),
    ).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'lease', expiresAt });
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'other' }]])).toEqual([false]);
    expect(await adapter.get('k')).toEqual({ payload: 'lease', expiresAt });
    await adapter.dispose();
  });

  it('replace: stores on a match, changes nothing on a mismatch or after a delete', async () => {
    const { adapter, pathOf } = await setUp('replace');
    await adapter.set('k', { payload: 'lease-1' });
    expect(await adapter.compareAndSet([['k', 'lease-2', { payload: 'wrong' }]])).toEqual([false]);
    expect(await adapter.get('k')).toEqual({ payload: 'lease-1' });
    expect(await adapter.compareAndSet([['k', 'lease-1', { payload: 'value' }]])).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'value' });
    // The payload is compared, not a prefix or the raw file.
    expect(await adapter.compareAndSet([['k', 'valu', { payload: 'x' }]])).toEqual([false]);
    expect(await adapter.compareAndSet([['k', 'lease-1', { payload: 'again' }]])).toEqual([false]);

    await adapter.set('gone', { payload: 'lease' });
    expect(await adapter.delete('gone')).toBe(true);
    expect(await adapter.compareAndSet([['gone', 'lease', { payload: 'stale' }]])).toEqual([false]);
    expect(await adapter.get('gone')).toBeUndefined();
    expect(await exists(pathOf('gone'))).toBe(false);
    await adapter.dispose();
  });

  it('an expired entry counts as absent', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const { adapter } = await setUp('expired');
    await adapter.set('k', { payload: 'lease', expiresAt: start + 10 });
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'x' }]])).toEqual([false]);
    vi.setSystemTime(start + 10);
    expect(await adapter.compareAndSet([['k', 'lease', { payload: 'stale' }]])).toEqual([false]);
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'fresh' }]])).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'fresh' });
    await adapter.dispose();
  });

  it('an unreadable or corrupt file counts as absent', async () => {
    const { adapter, pathOf } = await setUp('corrupt');
    await adapter.set('k', { payload: 'lease' });
    await writeFile(pathOf('k'), 'not an entry file');
    expect(await adapter.compareAndSet([['k', 'lease', { payload: 'stale' }]])).toEqual([false]);
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'fresh' }]])).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'fresh' });
    await adapter.dispose();
  });

  it("the new entry's expiry replaces the old one; none stored means none at all", async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const { adapter } = await setUp('expiry');
    await adapter.compareAndSet([['k', undefined, { payload: 'lease', expiresAt: start + 1_000 }]]);
    expect(await adapter.compareAndSet([['k', 'lease', { payload: 'value' }]])).toEqual([true]);
    const stored = await adapter.get('k');
    expect(stored).toEqual({ payload: 'value' });
    expect(stored !== undefined && 'expiresAt' in stored).toBe(false);
    vi.setSystemTime(start + 365 * 24 * 3_600_000);
    expect(await adapter.get('k')).toEqual({ payload: 'value' });
    expect(
      await adapter.compareAndSet([
        ['k', 'value', { payload: 'short', expiresAt: Date.now() + 5 }],
      ]),
    ).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'short', expiresAt: Date.now() + 5 });
    await adapter.dispose();
  });

  it('an already expired entry removes the current one when the condition holds, and resolves false', async () => {
    const { adapter, pathOf } = await setUp('expired-entry');
    await adapter.setMany([
      ['match', { payload: 'lease' }],
      ['mismatch', { payload: 'lease' }],
    ]);
    const past = Date.now() - 1;
    expect(
      await adapter.compareAndSet([
        ['match', 'lease', { payload: 'v', expiresAt: past }],
        ['mismatch', 'other', { payload: 'v', expiresAt: past }],
        ['absent', undefined, { payload: 'v', expiresAt: past }],
      ]),
    ).toEqual([false, false, false]);
    expect(await adapter.getMany(['match', 'mismatch', 'absent'])).toEqual([
      undefined,
      { payload: 'lease' },
      undefined,
    ]);
    expect(await exists(pathOf('match'))).toBe(false);
    expect(await exists(pathOf('absent'))).toBe(false);
    await adapter.dispose();
  });

  it('applies a key given twice in one call in input order', async () => {
    const { adapter } = await setUp('duplicates');
    expect(
      await adapter.compareAndSet([
        ['k', undefined, { payload: 'lease' }],
        ['other', undefined, { payload: 'o' }],
        ['k', 'lease', { payload: 'value' }],
        ['k', 'lease', { payload: 'late' }],
        ['k', undefined, { payload: 'add' }],
        ['k', 'value', { payload: 'last' }],
      ]),
    ).toEqual([true, true, true, false, false, true]);
    expect(await adapter.getMany(['k', 'other'])).toEqual([{ payload: 'last' }, { payload: 'o' }]);
    await adapter.dispose();
  });

  it('validates every item before writing anything', async () => {
    const { directory, adapter } = await setUp('validation', { maxValueBytes: 10 });
    await expect(
      adapter.compareAndSet([
        ['a', undefined, { payload: 'small' }],
        ['b', undefined, { payload: 'é'.repeat(6) }],
      ]),
    ).rejects.toThrow(ValueTooLargeError);
    await expect(
      adapter.compareAndSet([
        ['a', undefined, { payload: 'small' }],
        ['', undefined, { payload: 'small' }],
      ]),
    ).rejects.toThrow(InvalidKeyError);
    await expect(
      adapter.compareAndSet([['a', 42 as unknown as string, { payload: 'small' }]]),
    ).rejects.toThrow(SerializationError);
    expect(await readdir(directory)).toEqual([]);
    await adapter.dispose();
  });

  it('rejects ClosedError after dispose', async () => {
    const { adapter } = await setUp('closed');
    await adapter.dispose();
    await expect(adapter.compareAndSet([['k', undefined, { payload: 'v' }]])).rejects.toThrow(
      ClosedError,
    );
    await expect(adapter.compareAndSet([])).rejects.toThrow(ClosedError);
  });

  it('a fill fails once prune() evicted its lease for maxEntries', async () => {
    const { adapter, pathOf } = await setUp('evicted-lease', { maxEntries: 1 });
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'lease' }]])).toEqual([true]);
    await adapter.set('newer', { payload: 'n' });
    // Timestamps can be coarse: make the lease the oldest-written entry explicitly.
    const old = new Date(Date.now() - 60_000);
    await utimes(pathOf('k'), old, old);
    expect(await adapter.prune()).toBe(1);
    expect(await adapter.compareAndSet([['k', 'lease', { payload: 'value' }]])).toEqual([false]);
    expect(await adapter.getMany(['k', 'newer'])).toEqual([undefined, { payload: 'n' }]);
    await adapter.dispose();
  });

  it('leaves no lock and no temporary file behind', async () => {
    const { adapter, location } = await setUp('clean');
    await adapter.compareAndSet([
      ['a', undefined, { payload: 'lease' }],
      ['b', 'missing', { payload: 'v' }],
      ['c', undefined, { payload: 'v', expiresAt: 1 }],
    ]);
    await adapter.compareAndSet([['a', 'lease', { payload: 'v' }]]);
    await adapter.delete('a');
    expect(await readdir(location.lockDirectory)).toEqual([]);
    const files = await readdir(location.namespaceDirectory, { recursive: true });
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await adapter.dispose();
  });

  it('compares again in the fresh directory when a clear() moved its temporary file away', async () => {
    const { adapter, directory, location } = await setUp('clear-between');
    const clearer = createFsAdapter({ directory, namespace: 'cas' });
    await adapter.set('lease', { payload: 'L' });
    const held = [
      location.lockPath(location.hash('lease')),
      location.lockPath(location.hash('add')),
    ];
    // Hold both keys' locks so the calls stop after writing their temporary
    // files; clear; then let them compare and rename.
    for (const lock of held) await writeFile(lock, '', { flag: 'wx' });
    const filling = adapter.compareAndSet([['lease', 'L', { payload: 'stale' }]]);
    const adding = adapter.compareAndSet([['add', undefined, { payload: 'new lease' }]]);
    await vi.waitFor(
      async () => {
        const names = await readdir(location.namespaceDirectory, { recursive: true });
        expect(names.filter((name) => name.endsWith('.tmp'))).toHaveLength(2);
      },
      { timeout: 10_000 },
    );
    await clearer.clear();
    for (const lock of held) await unlink(lock);
    expect(await filling).toEqual([false]);
    expect(await adding).toEqual([true]);
    expect(await adapter.getMany(['lease', 'add'])).toEqual([undefined, { payload: 'new lease' }]);
    await Promise.all([adapter.dispose(), clearer.dispose()]);
  });
});

describe('key locks', () => {
  it('set, delete and compareAndSet wait while another process holds the key', async () => {
    const { adapter, location } = await setUp('held');
    await adapter.set('k', { payload: 'lease' });
    const lock = location.lockPath(location.hash('k'));
    await writeFile(lock, '', { flag: 'wx' });
    const settled: string[] = [];
    const deleting = adapter.delete('k').then((removed) => settled.push(`delete ${removed}`));
    const filling = adapter
      .compareAndSet([['k', 'lease', { payload: 'v' }]])
      .then(([filled]) => settled.push(`fill ${filled}`));
    await chanceToRun();
    expect(settled).toEqual([]);
    expect(await adapter.get('k')).toEqual({ payload: 'lease' });
    await unlink(lock);
    await Promise.all([deleting, filling]);
    // Either order is atomic; a fill after the delete must fail.
    expect([
      ['delete true', 'fill false'],
      ['fill true', 'delete true'],
    ]).toContainEqual(settled);
    expect(await adapter.get('k')).toBeUndefined();
    await adapter.dispose();
  });

  it('a lock older than lockStaleMilliseconds is broken; prune() removes leftovers', async () => {
    const directory = await temporaryRoot('stale-lock');
    const adapter = createFsAdapter({ directory, namespace: 'cas', lockStaleMilliseconds: 5_000 });
    const location = new EntryLocation(directory, 'cas');
    await adapter.set('k', { payload: 'lease' });
    const old = new Date(Date.now() - 60_000);

    const lock = location.lockPath(location.hash('k'));
    await writeFile(lock, '', { flag: 'wx' });
    await utimes(lock, old, old);
    expect(await adapter.delete('k')).toBe(true);

    // Left by processes that died: a lock and a breaker of another key.
    const other = location.lockPath(location.hash('other'));
    await writeFile(other, '');
    await writeFile(`${other}.break`, '');
    await utimes(other, old, old);
    await utimes(`${other}.break`, old, old);
    const fresh = location.lockPath(location.hash('fresh'));
    await writeFile(fresh, '');
    expect(await adapter.prune()).toBe(2);
    expect(await readdir(location.lockDirectory)).toEqual([location.hash('fresh')]);
    await adapter.dispose();
  });

  it('prune() skips an entry whose lock is held', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const { adapter, location, pathOf } = await setUp('prune-held');
    await adapter.set('k', { payload: 'v', expiresAt: start + 10 });
    const lock = location.lockPath(location.hash('k'));
    await writeFile(lock, '', { flag: 'wx' });
    vi.setSystemTime(start + 1_000);
    expect(await adapter.prune()).toBe(0);
    expect(await exists(pathOf('k'))).toBe(true);
    await unlink(lock);
    expect(await adapter.prune()).toBe(1);
    await adapter.dispose();
  });
});

// ---------------------------------------------------------------------------
// Several processes: fillers lease and fill, deleters invalidate.
//
// The parent is the global clock: every report and every reply gets the next
// sequence number. A filler reports "leased" after its add resolved (so the
// lease exists before that number) and asks "may-fill" before its fill (so the
// fill starts after the number in the reply). A deleter asks "may-delete"
// before deleting (starts after that number) and reports "deleted" after (done
// before that number). A delete with start > leased and done < may-fill
// therefore ran entirely between the lease and the fill: that fill must fail.
// Some "may-fill" replies are held back until such a delete completed (a gate,
// not a sleep), so every run has fills that must fail; the others race deletes
// in flight, the hard case of a delete landing between the comparison and the
// rename. That case shows as a fill's value read back (after "may-read") once
// a delete that followed its lease had completed, and in the end state: each
// key's successful adds must equal its deletes that removed something plus
// whether it is still present.
// ---------------------------------------------------------------------------

const FILLERS = 4;
const DELETERS = 2;
const RACE_KEYS = 3;
const FILLS_PER_FILLER = 150;
/** Share of fills held back until a delete of their key ran after their lease. */
const GATED_SHARE = 0.3;
const LEASE_RACE = fileURLToPath(new URL('./fixtures/lease-race.mjs', import.meta.url));

interface ChildMessage {
  type:
    | 'ready'
    | 'leased'
    | 'may-fill'
    | 'filled'
    | 'may-read'
    | 'read'
    | 'may-delete'
    | 'deleted'
    | 'done'
    | 'failed';
  request?: number;
  key?: string;
  token?: string;
  leased?: boolean;
  filled?: boolean;
  removed?: boolean;
  seen?: boolean;
  error?: string;
}

interface Fill {
  key: string;
  token: string;
  leasedAt: number;
  startedAt?: number;
  endedAt?: number;
  filled?: boolean;
  /** When the read-back after a successful fill started, and whether it saw the fill's value. */
  readAt?: number;
  seen?: boolean;
}

interface Delete {
  key: string;
  startedAt: number;
  endedAt?: number;
  removed?: boolean;
}

let adapterModule: string;

describe('several processes leasing, filling and deleting one directory', () => {
  beforeAll(async () => {
    const bundle = await bundleAdapter();
    adapterModule = bundle.module;
    return bundle.cleanup;
  });

  it('never let a fill succeed after a delete that followed its lease', {
    timeout: 120_000,
  }, async () => {
    const seed = Number(process.env.PC_FS_RACE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`lease race seed ${seed} (set PC_FS_RACE_SEED to replay)`);
    const random = mulberry32(seed);
    const directory = await temporaryRoot('lease-race');

    let sequence = 0;
    const fills = new Map<string, Fill>();
    const leasesTaken = new Map<string, number>();
    const deletes: Delete[] = [];
    const openDeletes = new Map<ChildProcess, Delete>();
    const heldFills: Array<{ fill: Fill; release: () => void }> = [];
    const errors: string[] = [];
    const roles = [
      ...Array.from({ length: FILLERS }, () => 'filler' as const),
      ...Array.from({ length: DELETERS }, () => 'deleter' as const),
    ];
    const children = roles.map((role, index) =>
      fork(
        LEASE_RACE,
        [
          adapterModule,
          directory,
          role,
          `p${index}`,
          String(seed + index),
          String(RACE_KEYS),
          String(FILLS_PER_FILLER),
        ],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      ),
    );
    const reply = (child: ChildProcess, request: number) => {
      const number = ++sequence;
      child.send({ type: 'reply', request, sequence: number });
      return number;
    };
    let ready = 0;
    let fillersDone = 0;
    const exits = children.map(
      (child) =>
        new Promise<number | null>((resolve) => {
          child.on('exit', (code) => resolve(code));
        }),
    );

    for (const [index, child] of children.entries()) {
      child.on('message', (raw) => {
        const message = raw as ChildMessage;
        switch (message.type) {
          case 'ready':
            ready += 1;
            // Start barrier: nobody begins before every process is ready.
            if (ready === children.length) for (const each of children) each.send({ type: 'go' });
            break;
          case 'leased': {
            const leasedAt = ++sequence;
            if (!message.leased) break;
            const key = message.key!;
            leasesTaken.set(key, (leasesTaken.get(key) ?? 0) + 1);
            fills.set(message.token!, { key, token: message.token!, leasedAt });
            break;
          }
          case 'may-fill': {
            const fill = fills.get(message.token!)!;
            const release = () => {
              fill.startedAt = reply(child, message.request!);
            };
            if (random() < GATED_SHARE) heldFills.push({ fill, release });
            else release();
            break;
          }
          case 'filled': {
            const fill = fills.get(message.token!)!;
            fill.endedAt = ++sequence;
            fill.filled = message.filled!;
            break;
          }
          case 'may-read':
            fills.get(message.token!)!.readAt = reply(child, message.request!);
            break;
          case 'read':
            fills.get(message.token!)!.seen = message.seen!;
            break;
          case 'may-delete': {
            const startedAt = reply(child, message.request!);
            openDeletes.set(child, { key: message.key!, startedAt });
            break;
          }
          case 'deleted': {
            const done = openDeletes.get(child)!;
            openDeletes.delete(child);
            done.endedAt = ++sequence;
            done.removed = message.removed!;
            deletes.push(done);
            // Open the gate of held fills this delete ran after the lease of.
            for (let held = heldFills.length - 1; held >= 0; held -= 1) {
              const { fill, release } = heldFills[held]!;
              if (fill.key === done.key && done.startedAt > fill.leasedAt) {
                heldFills.splice(held, 1);
                release();
              }
            }
            break;
          }
          case 'done':
            if (roles[index] === 'filler') {
              fillersDone += 1;
              if (fillersDone === FILLERS) {
                for (const [other, role] of roles.entries()) {
                  if (role === 'deleter') children[other]!.send({ type: 'stop' });
                }
              }
            }
            break;
          case 'failed':
            errors.push(`${roles[index]} p${index}: ${message.error}`);
            for (const each of children) each.kill();
            break;
        }
      });
    }
    const codes = await Promise.all(exits);
    expect(errors).toEqual([]);
    expect(codes).toEqual(children.map(() => 0));

    const ranBetween = (fill: Fill) =>
      deletes.filter(
        (done) =>
          done.key === fill.key &&
          done.startedAt > fill.leasedAt &&
          done.endedAt! < fill.startedAt!,
      );
    const attempted = [...fills.values()].filter((fill) => fill.filled !== undefined);
    const mustFail = attempted.filter((fill) => ranBetween(fill).length > 0);
    const violations = mustFail.filter((fill) => fill.filled);
    // A fill's value seen after a delete that followed its lease had completed.
    const staleReads = attempted.filter(
      (fill) =>
        fill.seen === true &&
        deletes.some(
          (done) =>
            done.key === fill.key && done.startedAt > fill.leasedAt && done.endedAt! < fill.readAt!,
        ),
    );
    const overlapping = attempted.filter((fill) =>
      deletes.some(
        (done) =>
          done.key === fill.key &&
          done.startedAt < fill.endedAt! &&
          done.endedAt! > fill.startedAt!,
      ),
    );

    // End state, every process gone: conservation per key. Only a successful add
    // makes a key present and only a delete that returned true makes it absent
    // (leases outlive the run), so a fill that wrote into an absent key (the
    // resurrection) breaks the count.
    const reader = createFsAdapter({ directory, namespace: 'race' });
    const keys = Array.from({ length: RACE_KEYS }, (_, index) => `key-${index}`);
    const finals = await reader.getMany(keys);
    const unbalanced: string[] = [];
    const staleSurvivors: string[] = [];
    for (const [index, key] of keys.entries()) {
      const removed = deletes.filter((done) => done.key === key && done.removed).length;
      const present = finals[index] === undefined ? 0 : 1;
      if ((leasesTaken.get(key) ?? 0) !== removed + present) unbalanced.push(key);
      const payload = finals[index]?.payload;
      if (payload === undefined) continue;
      // Whatever survives was written after the last delete of its key that followed its lease.
      const fill = fills.get(payload.slice(1))!;
      if (deletes.some((done) => done.key === key && done.startedAt > fill.leasedAt)) {
        staleSurvivors.push(`${key}=${payload}`);
      }
    }
    console.log(
      `lease race: ${attempted.length} fills (${attempted.filter((fill) => fill.filled).length} succeeded), ` +
        `${deletes.length} deletes, ${mustFail.length} fills with a delete between lease and fill, ` +
        `${overlapping.length} fills overlapped by a delete; violations: ${violations.length} ` +
        `fills after a delete, ${staleReads.length} stale reads, ${unbalanced.length} unbalanced keys, ` +
        `${staleSurvivors.length} stale survivors`,
    );
    expect(violations.map((fill) => fill.token)).toEqual([]);
    expect(staleReads.map((fill) => fill.token)).toEqual([]);
    expect(unbalanced).toEqual([]);
    expect(staleSurvivors).toEqual([]);
    // The run proves something only if both outcomes happened.
    expect(mustFail.length).toBeGreaterThan(0);
    expect(attempted.some((fill) => fill.filled)).toBe(true);

    const location = new EntryLocation(directory, 'race');
    expect(await readdir(location.lockDirectory)).toEqual([]);
    const names = await readdir(location.namespaceDirectory, { recursive: true });
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await reader.dispose();
  });
});
