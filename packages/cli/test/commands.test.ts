import { type Cache, createCache } from '@pc/core';
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { runPc, uniqueName } from './run-pc.js';

const opened: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const close of opened) await close();
});

describe.each(backends())('pc on $name (the built binary, a child process)', (backend) => {
  /** A fresh adapter namespace, filled through the library as an application would. */
  async function filled(): Promise<{ namespace: string; cache: Cache; args: string[] }> {
    const namespace = uniqueName(backend.name);
    const adapter = backend.adapter(namespace);
    const cache = createCache({ adapter, burst: false });
    opened.push(async () => {
      await cache.dispose();
      await adapter.dispose();
    });
    await cache.set('user:1', { name: 'Ada' }, { tags: ['team:7'], ttlMilliseconds: 600_000 });
    await cache.set('user:2', { name: 'Alan' });
    await cache.namespace('users').set('42', { name: 'Grace' }, { tags: ['team:7'] });
    await cache.namespace('orders').set('9', new Map([['total', 12n]]));
    return { namespace, cache, args: backend.args(namespace) };
  }

  it('get shows the decoded value and its envelope (--json parsed), exit 0; a miss exits 2', async () => {
    const { args } = await filled();
    const run = await runPc(['get', 'user:1', ...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const entry = run.json();
    expect(entry).toMatchObject({
      key: 'user:1',
      state: 'value',
      value: { name: 'Ada' },
      plainJson: true,
      codecs: [],
      tags: [{ kind: 'tag', name: 'team:7', current: true }],
    });
    expect(entry.ttlMilliseconds).toBeGreaterThan(500_000);
    expect(entry.ttlMilliseconds).toBeLessThanOrEqual(600_000);
    expect(entry.sizeBytes).toBeGreaterThan(0);

    const nested = (await runPc(['get', '42', '--namespace', 'users', ...args, '--json'])).json();
    expect(nested.tags).toEqual([
      expect.objectContaining({ kind: 'tag', name: 'team:7', current: true }),
      expect.objectContaining({ kind: 'namespace', name: 'users', current: true }),
    ]);
    expect(nested.ttlMilliseconds).toBeUndefined();

    const text = await runPc(['get', '9', '-n', 'orders', ...args]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Map(1) { 'total' => 12n }");
    expect(text.stdout).toMatch(/ttl\s+none/);

    const missing = await runPc(['get', 'nobody', ...args, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ state: 'absent', sizeBytes: 0 });
  });

  it('delete removes the keys it finds (exit 0), and exits 2 when it finds none', async () => {
    const { args, cache } = await filled();
    const run = await runPc(['delete', 'user:1', 'ghost', ...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ ok: true, deleted: 1, keys: ['user:1', 'ghost'] });
    expect(await cache.get('user:1')).toBeUndefined();
    expect(await cache.get('user:2')).toEqual({ name: 'Alan' });

    const none = await runPc(['delete', 'ghost', ...args, '--json']);
    expect(none.code).toBe(2);
    expect(none.json()).toMatchObject({ deleted: 0 });
  });

  it('invalidate --tag and --key go through the cache: tagged entries become outdated', async () => {
    const { args, cache } = await filled();
    const run = await runPc(['invalidate', '--tag', 'team:7', ...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ ok: true, tags: ['team:7'], keys: [] });
    expect(await cache.get('user:1')).toBeUndefined();
    expect(await cache.namespace('users').get('42')).toBeUndefined();
    expect(await cache.get('user:2')).toEqual({ name: 'Alan' });

    const outdated = await runPc(['get', 'user:1', ...args, '--json']);
    expect(outdated.code).toBe(2);
    expect(outdated.json()).toMatchObject({
      state: 'outdated',
      value: { name: 'Ada' },
      tags: [{ name: 'team:7', current: false }],
    });

    const byKey = await runPc(['invalidate', '-k', '9', '-n', 'orders', ...args, '--json']);
    expect(byKey.code, byKey.stderr).toBe(0);
    expect(await cache.namespace('orders').get('9')).toBeUndefined();

    const nothing = await runPc(['invalidate', ...args, '--json']);
    expect(nothing.code).toBe(1);
    expect(nothing.json()).toMatchObject({ ok: false, error: { code: 'PC_INVALID_OPTIONS' } });
  });

  it('clear --namespace clears that namespace only and leaves the others intact', async () => {
    const { args, cache } = await filled();
    await cache.namespace('users').namespace('admins').set('1', 'root');
    const run = await runPc(['clear', '--namespace', 'users', '--yes', ...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ ok: true, cleared: 'namespace', namespace: 'users' });
    expect(await cache.namespace('users').get('42')).toBeUndefined();
    expect(await cache.namespace('users').namespace('admins').get('1')).toBeUndefined();
    expect(await cache.namespace('orders').get('9')).toEqual(new Map([['total', 12n]]));
    expect(await cache.get('user:1')).toEqual({ name: 'Ada' });
    expect((await runPc(['get', '42', '-n', 'users', ...args, '--json'])).json()).toMatchObject({
      state: 'outdated',
      tags: [
        { kind: 'tag', current: true },
        { kind: 'namespace', name: 'users', current: false },
      ],
    });
  });

  it('clear without --yes and without a terminal refuses (exit 5) and clears nothing', async () => {
    const { args, cache } = await filled();
    const run = await runPc(['clear', '-n', 'users', ...args, '--json']);
    expect(run.code).toBe(5);
    expect(run.json()).toMatchObject({ ok: false, error: { code: 'PC_CONFIRMATION_REQUIRED' } });
    expect(run.stderr).toContain('--yes');
    expect(await cache.namespace('users').get('42')).toEqual({ name: 'Grace' });
  });

  it('clear without --namespace empties its adapter namespace only, not the server', async () => {
    const { args, cache } = await filled();
    const other = await filled();
    const run = await runPc(['clear', '--yes', ...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ ok: true, cleared: 'adapter-namespace' });
    expect(await cache.get('user:2')).toBeUndefined();
    expect(await cache.namespace('orders').get('9')).toBeUndefined();
    expect(await other.cache.get('user:2')).toEqual({ name: 'Alan' });
    expect(await other.cache.namespace('orders').get('9')).toEqual(new Map([['total', 12n]]));
  });

  it(
    backend.canListKeys
      ? 'keys lists stored keys, by namespace and glob'
      : 'keys exits 4 with a typed error: the adapter cannot enumerate its keys',
    async () => {
      const { args } = await filled();
      const all = await runPc(['keys', ...args, '--json']);
      if (!backend.canListKeys) {
        expect(all.code).toBe(4);
        expect(all.json()).toMatchObject({
          ok: false,
          error: { code: 'PC_UNSUPPORTED_CAPABILITY' },
        });
        return;
      }
      expect(all.code, all.stderr).toBe(0);
      expect(all.json().keys).toEqual(
        expect.arrayContaining([
          { namespace: '', key: 'user:1' },
          { namespace: '', key: 'user:2' },
          { namespace: 'users', key: '42' },
          { namespace: 'orders', key: '9' },
        ]),
      );
      expect(all.json().count).toBe(4);
      const matched = await runPc(['keys', '--match', 'user:*', ...args, '--json']);
      expect(
        matched
          .json()
          .keys.map((item: { key: string }) => item.key)
          .sort(),
      ).toEqual(['user:1', 'user:2']);
      const text = await runPc(['keys', '-n', 'users', ...args]);
      expect(text.code).toBe(0);
      expect(text.stdout).toBe('42\n');
    },
  );

  it(
    backend.canPrune
      ? 'prune removes expired entries'
      : 'prune exits 4 with a typed error: the backend expires entries itself',
    async () => {
      const { args, cache } = await filled();
      if (!backend.canPrune) {
        const run = await runPc(['prune', ...args, '--json']);
        expect(run.code).toBe(4);
        expect(run.json().error.code).toBe('PC_UNSUPPORTED_CAPABILITY');
        return;
      }
      await cache.set('brief', 'x', { ttlMilliseconds: 30 });
      // The filesystem enforces no expiry: only a wait makes the entry expired.
      await new Promise((resolve) => setTimeout(resolve, 60));
      const run = await runPc(['prune', ...args, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json()).toMatchObject({ ok: true, removed: 1 });
      expect(await cache.get('user:1')).toEqual({ name: 'Ada' });
    },
  );

  it('stats reports what the backend tells; --watch prints one JSON line per sample', async () => {
    const { args } = await filled();
    const run = await runPc(['stats', ...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const sample = run.json();
    expect(sample.backend).toBe(backend.name);
    expect(sample.entries).toBeGreaterThanOrEqual(backend.name === 'fs' ? 4 : 1);
    if (backend.name === 'fs') {
      expect(sample.directory.files).toBeGreaterThanOrEqual(4);
    } else {
      expect(sample.nodes).toHaveLength(backend.name === 'redis-cluster' ? 3 : 1);
      expect(sample.memoryBytes).toBeGreaterThan(0);
      expect(sample.hits).toBeGreaterThanOrEqual(0);
      expect(typeof sample.evictions).toBe('number');
    }

    const watch = await runPc([
      'stats',
      '--watch',
      '--count',
      '2',
      '--interval',
      '0.1',
      ...args,
      '--json',
    ]);
    expect(watch.code, watch.stderr).toBe(0);
    const lines = watch.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0].rates).toBeUndefined();
    expect(lines[1].rates).toBeDefined();

    const text = await runPc(['stats', ...args]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(backend.name);
  });
});
