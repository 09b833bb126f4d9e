import { afterEach, describe, expect, it } from 'vitest';
import { type MemcachedServerHandle, startMemcached, startMemcachedPool } from '../src/index.js';
import { sendCommand } from '../src/send-command.js';
import { isProcessAlive, memcachedVersion } from './helpers.js';

describe('startMemcached', () => {
  let memcached: MemcachedServerHandle | undefined;
  afterEach(async () => {
    await memcached?.stop();
    memcached = undefined;
  });

  it('starts on loopback, answers version, and stop() ends the process', async () => {
    memcached = await startMemcached();
    expect(memcached.location).toBe(`127.0.0.1:${memcached.port}`);
    expect(await memcachedVersion(memcached.port)).toMatch(/^VERSION \d+\.\d+/);
    const { pid, port } = memcached;
    await memcached.stop();
    expect(isProcessAlive(pid)).toBe(false);
    await expect(memcachedVersion(port)).rejects.toThrow();
  });

  it('kill() takes the server down and restart() brings it back empty on the same port', async () => {
    memcached = await startMemcached();
    const { port, pid } = memcached;
    expect(await sendCommand(port, 'set k 0 0 1\r\nv', (reply) => reply.endsWith('\r\n'))).toBe(
      'STORED\r\n',
    );

    await memcached.kill();
    expect(memcached.running).toBe(false);
    await expect(memcachedVersion(port)).rejects.toThrow();

    await memcached.restart();
    expect(memcached.port).toBe(port);
    expect(memcached.pid).not.toBe(pid);
    expect(await memcachedVersion(port)).toMatch(/^VERSION/);
    expect(await sendCommand(port, 'get k', (reply) => reply.endsWith('END\r\n'))).toBe('END\r\n');
  });
});

describe('startMemcachedPool', () => {
  it('starts three independent servers that all answer, and stop() ends them', async () => {
    const pool = await startMemcachedPool();
    const { pids, ports } = pool;
    try {
      expect(ports).toHaveLength(3);
      expect(new Set(ports).size).toBe(3);
      expect(pool.locations).toEqual(ports.map((port) => `127.0.0.1:${port}`));
      for (const port of ports) expect(await memcachedVersion(port)).toMatch(/^VERSION/);
    } finally {
      await pool.stop();
    }
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
  });
});
