import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPcCache } from '../harness/pc-cache.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';
import { createBentocache } from '../peers/bentocache.js';

const key = (index: number) => `item:${index}`;

/** A read that hits a cache on the local filesystem (page cache warm). */
export const l2HitFs: Workload = {
  id: 'l2-hit-fs',
  title: 'L2 hit, filesystem',
  description:
    'One sequential read of a ~1 kB JSON value stored in a file under the OS temp dir, rotating over 100 keys.',
  variants: [
    {
      name: 'raw fs.readFile + JSON.parse',
      kind: 'baseline',
      async setup(context) {
        const directory = await context.directory('raw-fs');
        await mkdir(directory, { recursive: true });
        const paths = Array.from({ length: HOT_KEY_COUNT }, (_, index) =>
          join(directory, `item-${index}.json`),
        );
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await writeFile(paths[index]!, JSON.stringify(createSampleValue(index)));
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            JSON.parse(await readFile(paths[next()]!, 'utf8'));
          },
          teardown() {},
        };
      },
    },
    {
      name: 'pc cache.get (filesystem adapter)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'fs');
        await cache.setMany(
          Array.from({ length: HOT_KEY_COUNT }, (_, index) => ({
            key: key(index),
            value: createSampleValue(index),
          })),
        );
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = key(next());
            expectHit(await cache.get(name), 'pc', name);
          },
          teardown: close,
        };
      },
    },
    {
      name: 'bentocache (L2 file driver only)',
      kind: 'peer',
      async setup(context) {
        const { bento, close } = await createBentocache(context, 'file');
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await bento.set({ key: key(index), value: createSampleValue(index) });
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = key(next());
            expectHit(await bento.get({ key: name }), 'bentocache', name);
          },
          teardown: close,
        };
      },
    },
  ],
  notApplicable: [
    {
      name: 'cache-manager',
      reason: 'no filesystem store among keyv 5 official adapters in scope',
    },
    { name: 'async-cache-dedupe', reason: 'memory and Redis storage only' },
  ],
};
