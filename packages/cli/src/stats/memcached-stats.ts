import { connect } from 'node:net';
import { wrapBackendError } from '@pc/core';
import { hitRatio } from '../format.js';
import type { NodeStats } from './stats-sample.js';

/**
 * Reads `stats` from each memcached server (the adapter's client speaks the data
 * commands only; `stats` is one request and a list of `STAT name value` lines).
 */
export async function readMemcachedStats(
  servers: readonly string[],
  timeoutMilliseconds: number,
): Promise<NodeStats[]> {
  return Promise.all(
    servers.map(async (server) => {
      const address = server.replace(/^memcached:\/\//i, '').replace(/\/$/, '');
      try {
        return toNodeStats(address, await statsOf(address, timeoutMilliseconds));
      } catch (error) {
        throw wrapBackendError(error, {
          adapter: 'memcached',
          operation: 'stats',
          address,
          deadline: { milliseconds: timeoutMilliseconds, option: '--timeout' },
        });
      }
    }),
  );
}

function statsOf(address: string, timeoutMilliseconds: number): Promise<Map<string, string>> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out after ${timeoutMilliseconds} ms`));
    }, timeoutMilliseconds);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error !== undefined) {
        reject(error);
        return;
      }
      const stats = new Map<string, string>();
      for (const line of text.split('\r\n')) {
        const match = /^STAT (\S+) (.*)$/.exec(line);
        if (match !== null) stats.set(match[1]!, match[2]!);
      }
      resolve(stats);
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write('stats\r\n'));
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.endsWith('END\r\n')) finish();
      else if (/^(?:SERVER_|CLIENT_)?ERROR/m.test(text)) finish(new Error(text.trim()));
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error('the server closed the connection')));
  });
}

function toNodeStats(address: string, stats: ReadonlyMap<string, string>): NodeStats {
  const number = (name: string) => {
    const value = stats.get(name);
    return value === undefined ? undefined : Number(value);
  };
  const hits = number('get_hits');
  const misses = number('get_misses');
  return {
    address,
    entries: number('curr_items'),
    memoryBytes: number('bytes'),
    maxMemoryBytes: number('limit_maxbytes'),
    evictions: number('evictions'),
    expired: number('expired_unfetched'),
    hits,
    misses,
    hitRatio: hitRatio(hits, misses),
    connections: number('curr_connections'),
    uptimeSeconds: number('uptime'),
    version: stats.get('version'),
  };
}
