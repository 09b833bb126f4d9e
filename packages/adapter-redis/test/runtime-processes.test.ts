import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundleForChildProcess, testServices } from '@pc/test-services';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, uniqueName } from './helpers.js';

const { redis } = testServices();
const FIXTURE = fileURLToPath(new URL('./fixtures/runtime-process.ts', import.meta.url));
let bundle: string;

// Children need plain JS: bundle the current sources (adapter and core) once, so
// they never run a stale dist.
beforeAll(async () => {
  const built = await bundleForChildProcess({
    entry: FIXTURE,
    // Inside this package's node_modules, so the bundle resolves ioredis from here.
    outDir: fileURLToPath(
      new URL(`../node_modules/.cache/pc-runtime-process-${process.pid}/`, import.meta.url),
    ),
    external: ['ioredis', 'cluster-key-slot'],
  });
  bundle = built.module;
  return built.cleanup;
});

/** A child process running one Cache, and a way to send it commands. */
interface Process {
  send(command: Record<string, unknown>): Promise<unknown>;
  /** Resolves when the child's gated loader `gate` has been called. */
  entered(gate: string): Promise<void>;
  exit(): Promise<void>;
}

function start(namespace: string, channel: string): Promise<Process> {
  const child: ChildProcess = fork(bundle, [redis.url, namespace, channel], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const replies = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const entered = new Map<string, () => void>();
  const enteredPromises = new Map<string, Promise<void>>();
  const enteredPromise = (gate: string) => {
    let promise = enteredPromises.get(gate);
    if (promise === undefined) {
      promise = new Promise<void>((resolve) => entered.set(gate, resolve));
      enteredPromises.set(gate, promise);
    }
    return promise;
  };
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      reject(new Error(`child exited (${code}) before it was ready`));
      for (const reply of replies.values()) reply.reject(new Error(`child exited (${code})`));
    });
    child.on('message', (message: Record<string, unknown>) => {
      if (message.event === 'ready') {
        resolve({
          send(command) {
            nextId += 1;
            const id = nextId;
            return new Promise((resolveReply, rejectReply) => {
              replies.set(id, { resolve: resolveReply, reject: rejectReply });
              child.send({ ...command, id });
            });
          },
          entered: enteredPromise,
          async exit() {
            const exited = new Promise((done) => child.once('exit', done));
            nextId += 1;
            child.send({ op: 'exit', id: nextId });
            await exited;
          },
        });
      } else if (message.event === 'entered') {
        enteredPromise(message.gate as string);
        entered.get(message.gate as string)!();
      } else {
        const reply = replies.get(message.id as number);
        replies.delete(message.id as number);
        if (message.error !== undefined) reply?.reject(new Error(message.error as string));
        else reply?.resolve(message.result);
      }
    });
  });
}

describe('two processes sharing a Redis and the Redis bus', () => {
  let a: Process;
  let b: Process;

  beforeAll(async () => {
    const namespace = uniqueName('rt-processes');
    const channel = uniqueName('rt-channel');
    [a, b] = await Promise.all([start(namespace, channel), start(namespace, channel)]);
    return async () => {
      await Promise.all([a.exit(), b.exit()]);
    };
  });

  it('an invalidation by key in one process drops the entry from the other process’s L1 through the bus', async () => {
    expect(await a.send({ op: 'getOrLoad', key: 'k1', value: 'v1' })).toBe('v1');
    expect(await b.send({ op: 'getOrLoad', key: 'k1', value: 'unused' })).toBe('v1');
    const hitsBefore = (await b.send({ op: 'l1Hits' })) as number;
    expect(await b.send({ op: 'getOrLoad', key: 'k1', value: 'unused' })).toBe('v1');
    // Served by b's L1 (its TTL is 10 minutes: only the bus can end it).
    expect(await b.send({ op: 'l1Hits' })).toBe(hitsBefore + 1);
    await a.send({ op: 'invalidate', keys: ['k1'] });
    await eventually(async () => {
      expect(await b.send({ op: 'getOrLoad', key: 'k1', value: 'v2' })).toBe('v2');
    });
  });

  it('an invalidation by tag in one process drops the tagged entry from the other process’s L1', async () => {
    expect(await a.send({ op: 'getOrLoad', key: 'k2', value: 'v1', tags: ['t2'] })).toBe('v1');
    expect(await b.send({ op: 'getOrLoad', key: 'k2', value: 'unused', tags: ['t2'] })).toBe('v1');
    await a.send({ op: 'invalidate', tags: ['t2'] });
    await eventually(async () => {
      expect(await b.send({ op: 'getOrLoad', key: 'k2', value: 'v2', tags: ['t2'] })).toBe('v2');
    });
  });

  it('a load in one process that overlaps an invalidation in the other leaves its value nowhere', async () => {
    const loading = a.send({ op: 'getOrLoad', key: 'k3', value: 'old', tags: ['t3'], gate: 'g3' });
    await a.entered('g3');
    await b.send({ op: 'invalidate', tags: ['t3'] });
    await a.send({ op: 'open', gate: 'g3' });
    expect(await loading).toBe('old');
    expect(await b.send({ op: 'get', key: 'k3' })).toBeNull();
    await eventually(async () => {
      expect(await a.send({ op: 'getOrLoad', key: 'k3', value: 'new', tags: ['t3'] })).toBe('new');
    });
  });
});
