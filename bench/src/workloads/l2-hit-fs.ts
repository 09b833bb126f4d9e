import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hotKeyVariants } from '../harness/hot-key-variants.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { cycle, HOT_KEY_COUNT } from '../harness/workload-helpers.js';

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
    hotKeyVariants.pcGet({ name: 'pc cache.get (filesystem adapter)' }, 'fs'),
    hotKeyVariants.bentocache({ name: 'bentocache (L2 file driver only)' }, 'file'),
  ],
  notApplicable: [
    {
      name: 'cache-manager',
      reason: 'no filesystem store among keyv 5 official adapters in scope',
    },
    { name: 'async-cache-dedupe', reason: 'memory and Redis storage only' },
  ],
};
