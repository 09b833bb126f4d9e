/**
 * The value every variant caches: a ~1 kB JSON object shaped like a content item
 * (ids, strings, a nested author, arrays, numbers, booleans, ISO dates as strings so
 * every library round-trips it the same way).
 */
export function createSampleValue(id: number): Record<string, unknown> {
  return {
    id,
    type: 'article',
    title: `Quarterly report ${id}: what changed in the storage tier`,
    slug: `quarterly-report-${id}-storage-tier`,
    published: true,
    createdAt: '2024-03-18T09:41:07.000Z',
    updatedAt: '2024-06-02T17:03:55.000Z',
    author: { id: 4711, name: 'Ada Example', email: 'ada@example.org', roles: ['editor', 'owner'] },
    locationPath: [1, 2, 17, 342, 8812],
    tags: ['storage', 'infrastructure', 'quarterly', 'redis', 'memcached'],
    stats: { views: 18_231, likes: 412, comments: 37, score: 0.8731 },
    summary:
      'Latency of the storage tier dropped after the cache layer moved in front of the ' +
      'database; the report lists the numbers per region and what is planned next.',
    body:
      'The storage tier served most reads from the shared cache this quarter. Misses went ' +
      'to the database in batches, and invalidations followed every write within the same ' +
      'request. Regions with the highest traffic saw the largest gains; the smaller ones ' +
      'mostly stayed flat.',
    permissions: { read: ['group-1', 'group-7'], write: ['group-7'] },
  };
}

/** Size of `JSON.stringify(createSampleValue(1))`, in bytes (checked by the smoke test). */
export function sampleValueBytes(): number {
  return Buffer.byteLength(JSON.stringify(createSampleValue(1)));
}
