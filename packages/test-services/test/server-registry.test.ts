import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findFreePort } from '../src/free-port.js';
import { reapOrphanedServers } from '../src/index.js';
import { isRedisReady } from '../src/redis-server.js';
import { directoryExists, isProcessAlive } from './helpers.js';

it('reaps servers whose test run died without stopping them, and their temp dir', async () => {
  // A runner killed with SIGKILL leaves exactly this behind: a dir owned by a dead PID.
  const deadOwner = spawnSync('true').pid;
  const directory = mkdtempSync(join(tmpdir(), 'pc-test-services-orphan-'));
  writeFileSync(join(directory, 'owner.json'), JSON.stringify({ ownerPid: deadOwner }));
  const port = await findFreePort();
  const orphan = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: directory, stdio: 'ignore' },
  );
  const pid = orphan.pid!;
  writeFileSync(join(directory, `redis-${port}.pid`), String(pid));
  try {
    await expect.poll(() => isRedisReady(port, pid).catch(() => false)).toBe(true);
    const exited = new Promise((resolve) => orphan.once('exit', resolve));

    reapOrphanedServers();

    await exited;
    expect(isProcessAlive(pid)).toBe(false);
    expect(directoryExists(directory)).toBe(false);
  } finally {
    orphan.kill('SIGKILL');
  }
});
