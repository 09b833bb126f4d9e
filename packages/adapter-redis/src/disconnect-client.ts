import type { Socket } from 'node:net';
import type { Cluster, Redis } from 'ioredis';

/** The part of ioredis' private connector this works around (ioredis 5 and 6). */
interface ConnectorInternals {
  connector?: { stream?: Socket | undefined };
}

/**
 * Disconnects an ioredis client (every node of a cluster) and resolves once its
 * socket has closed, or after `withinMilliseconds`, so that `dispose()` leaves
 * nothing that keeps the process alive.
 *
 * ioredis' connector ends the socket and arms a `disconnectTimeout` timer (2 s
 * by default) that only the socket's `close` event clears. When the socket has
 * already closed (Redis is down, the client waits to reconnect), that event
 * never comes again, and the timer kept the process alive for 2 s after
 * `dispose()`. A closed socket has nothing to end, so it is detached first.
 */
export function disconnectClient(
  client: Redis | Cluster,
  withinMilliseconds: number,
): Promise<void> {
  const isCluster = (client as { isCluster?: unknown }).isCluster === true;
  const clients = isCluster ? [client, ...(client as Cluster).nodes('all')] : [client];
  const open: Socket[] = [];
  for (const each of clients) {
    const connector = (each as unknown as ConnectorInternals).connector;
    const stream = connector?.stream;
    if (stream === undefined || connector === undefined) continue;
    if (stream.destroyed) connector.stream = undefined;
    else open.push(stream);
  }
  client.disconnect();
  if (open.length === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let left = open.length;
    const timer = setTimeout(resolve, withinMilliseconds);
    const closed = (): void => {
      left -= 1;
      if (left > 0) return;
      clearTimeout(timer);
      resolve();
    };
    for (const stream of open) {
      if (stream.destroyed) closed();
      else stream.once('close', closed);
    }
  });
}
