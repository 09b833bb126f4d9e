import { clearTimeout, setTimeout } from 'node:timers';
import Memcached from 'memcached';
import { POOL_FULL_MESSAGE } from './memcached-calls.js';
import type { ResolvedMemcachedAdapterOptions } from './resolve-memcached-adapter-options.js';

/** A client the adapter created, and how to release everything it holds. */
export interface OwnedMemcachedClient {
  readonly client: Memcached;
  close(): void;
}

/** The part of a client socket the failure hook sees. */
interface FailedSocket {
  readonly serverAddress?: string;
  end?(): void;
}

/** What `Memcached#command` reads to skip a server: `issues[server].failed`. */
interface ServerIssue {
  failed: boolean;
}

/**
 * Creates a `memcached` client that fails fast. Its defaults retry a dead server
 * for about 100 s; here a connection gets `timeoutMilliseconds` and no retries.
 *
 * The client's own failure log (`IssueLog`) is replaced: it schedules a
 * `ping` child process to decide when a server is back (this crashes the process
 * where no `ping` binary exists, as in slim containers) and leaves timers of up
 * to 5 minutes that keep the process alive after `end()`. The replacement only
 * marks a server down for `retryDelayMilliseconds` (operations on its keys then
 * fail at once), with an unref'd timer that `close()` clears.
 *
 * Servers are never removed from the hash ring (`remove: false`, no failover):
 * moving a dead server's keys to another server would let that server serve
 * values that were invalidated while it was away, once it comes back.
 */
export function createMemcachedClient(
  options: ResolvedMemcachedAdapterOptions,
): OwnedMemcachedClient {
  const client = new Memcached(
    options.servers as string[],
    {
      timeout: options.timeoutMilliseconds,
      retries: 0,
      retry: options.retryDelayMilliseconds,
      remove: false,
      poolSize: options.poolSize,
      idle: options.idleMilliseconds,
      keyCompression: false,
      maxKeySize: 250,
      maxValue: options.itemSizeBytes,
      namespace: '',
    } as Memcached.options,
  );
  const issues = (client as unknown as { issues: Record<string, ServerIssue> }).issues;
  const timers = new Set<NodeJS.Timeout>();
  const retryDelay = options.retryDelayMilliseconds;
  (client as unknown as { connectionIssue: unknown }).connectionIssue = (
    message: unknown,
    socket: FailedSocket | undefined,
  ) => {
    // "Pool full" only means every connection is still opening; the server is fine.
    if (String(message).includes(POOL_FULL_MESSAGE)) return;
    socket?.end?.();
    const server = socket?.serverAddress;
    if (server === undefined || retryDelay === 0) return;
    const issue = issues[server] ?? { failed: false };
    issues[server] = issue;
    if (issue.failed) return;
    issue.failed = true;
    const timer = setTimeout(() => {
      timers.delete(timer);
      issue.failed = false;
    }, retryDelay);
    timer.unref();
    timers.add(timer);
  };
  return {
    client,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      client.end();
    },
  };
}
