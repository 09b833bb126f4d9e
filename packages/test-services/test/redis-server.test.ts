import { afterEach, describe, expect, it } from 'vitest';
import { type RedisServerHandle, startRedis } from '../src/index.js';
import { bulkBody, isCompleteBulkReply, sendCommand } from '../src/send-command.js';
import { directoryExists, isProcessAlive, redisPing } from './helpers.js';

describe('startRedis', () => {
  let redis: RedisServerHandle | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it('starts on loopback, answers PING, and stop() ends the process and removes its dir', async () => {
    redis = await startRedis();
    expect(redis.host).toBe('127.0.0.1');
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redisPing(redis.port)).toBe('+PONG\r\n');
    const info = bulkBody(await sendCommand(redis.port, 'INFO server', isCompleteBulkReply));
    expect(info).toMatch(new RegExp(`process_id:${redis.pid}\\r\\n`));

    const { pid, directory } = redis;
    expect(directoryExists(directory)).toBe(true);
    await redis.stop();
    expect(isProcessAlive(pid)).toBe(false);
    expect(directoryExists(directory)).toBe(false);
    await expect(redisPing(redis.port)).rejects.toThrow();
    await redis.stop(); // idempotent
  });

  it('runs without persistence', async () => {
    redis = await startRedis();
    const save = await sendCommand(redis.port, 'CONFIG GET save', (reply) =>
      /\r\n\$\d+\r\n.*\r\n\$\d+\r\n.*\r\n$/.test(reply),
    );
    expect(save).toContain('$0\r\n\r\n');
    const appendOnly = await sendCommand(redis.port, 'CONFIG GET appendonly', (reply) =>
      reply.endsWith('no\r\n'),
    );
    expect(appendOnly).toContain('no');
  });

  it('kill() takes the server down and restart() brings it back on the same port', async () => {
    redis = await startRedis();
    const { port, pid } = redis;
    await sendCommand(port, 'SET k v', (reply) => reply.endsWith('\r\n'));

    await redis.kill();
    expect(redis.running).toBe(false);
    expect(isProcessAlive(pid)).toBe(false);
    await expect(redisPing(port)).rejects.toThrow();

    await redis.restart();
    expect(redis.running).toBe(true);
    expect(redis.port).toBe(port);
    expect(redis.pid).not.toBe(pid);
    expect(await redisPing(port)).toBe('+PONG\r\n');
    // A restarted server is empty: nothing was persisted.
    expect(await sendCommand(port, 'GET k', (reply) => reply.endsWith('\r\n'))).toBe('$-1\r\n');
  });

  it('gives concurrent servers distinct ports', async () => {
    const servers = await Promise.all([startRedis(), startRedis(), startRedis()]);
    try {
      expect(new Set(servers.map((server) => server.port)).size).toBe(3);
      for (const server of servers) expect(await redisPing(server.port)).toBe('+PONG\r\n');
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });

  it('rejects a port that is not an integer, naming the option', async () => {
    await expect(startRedis({ port: 1.5 })).rejects.toThrow(/"port"/);
  });
});
