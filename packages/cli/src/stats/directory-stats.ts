import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapBackendError } from '@pc/core';
import type { Progress } from '../progress.js';
import type { DirectoryStats } from './stats-sample.js';

const SHARD = /^[0-9a-f]{2}$/;
const ENTRY_FILE = /^[0-9a-f]{64}$/;

/**
 * Counts the files of an fs adapter namespace directory
 * (`<directory>/<shard>/<shard>/<sha-256>`), reporting progress per shard.
 */
export async function readDirectoryStats(
  directory: string,
  progress: Progress,
): Promise<DirectoryStats> {
  try {
    const leaves: string[] = [];
    for (const first of await subdirectories(directory)) {
      for (const second of await subdirectories(join(directory, first))) {
        leaves.push(join(directory, first, second));
      }
    }
    let files = 0;
    let bytes = 0;
    let temporaryFiles = 0;
    let done = 0;
    for (const leaf of leaves) {
      for (const name of await names(leaf)) {
        if (ENTRY_FILE.test(name)) {
          const stats = await lstat(join(leaf, name)).catch(() => undefined);
          if (stats === undefined) continue;
          files += 1;
          bytes += stats.size;
        } else if (name.endsWith('.tmp')) {
          temporaryFiles += 1;
        }
      }
      done += 1;
      progress.update(done, leaves.length);
    }
    return { directory, files, bytes, temporaryFiles, directories: leaves.length };
  } catch (error) {
    throw wrapBackendError(error, { adapter: 'fs', operation: 'stats', address: directory });
  }
}

async function subdirectories(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && SHARD.test(entry.name))
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function names(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
