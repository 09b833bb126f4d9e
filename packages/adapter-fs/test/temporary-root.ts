import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach } from 'vitest';

const roots: string[] = [];

afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** A fresh directory under the OS temp dir, removed after the current test. */
export async function temporaryRoot(label: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `pc-fs-${label}-`));
  roots.push(root);
  return root;
}

/** Every path under `root` (files and directories), relative to it, sorted. */
export async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.map((entry) => relative(root, join(root, entry))).sort();
}
