import { existsSync } from 'node:fs';
import { sendCommand } from '../src/send-command.js';

export const redisPing = (port: number) =>
  sendCommand(port, 'PING', (reply) => reply.endsWith('\r\n'));

export const memcachedVersion = (port: number) =>
  sendCommand(port, 'version', (reply) => reply.endsWith('\r\n'));

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const directoryExists = existsSync;
