import { Redis } from 'ioredis';
import type { ServerEndpoint } from './bench-context.js';

/** An ioredis client on the bench's Redis, connected (resolves once `ready`). */
export async function connectRedis(endpoint: ServerEndpoint): Promise<Redis> {
  const client = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await client.connect();
  return client;
}

/** Writes `count` keys `${prefix}${i}` through pipelines of 1,000 commands. */
export async function fillRedis(
  client: Redis,
  count: number,
  entry: (index: number) => [key: string, payload: string],
): Promise<void> {
  for (let start = 0; start < count; start += 1_000) {
    const pipeline = client.pipeline();
    for (let index = start; index < Math.min(count, start + 1_000); index += 1) {
      const [key, payload] = entry(index);
      pipeline.set(key, payload);
    }
    await pipeline.exec();
  }
}
