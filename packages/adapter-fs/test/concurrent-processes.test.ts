import { fork } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFsAdapter } from '../src/index.js';
import { bundleAdapter } from './bundle-adapter.js';
import { isIntactPayload, makePayload } from './fixtures/self-validating-payload.mjs';
import { temporaryRoot } from './temporary-root.js';

const PROCESSES = 4;
const ITERATIONS = 150;
const HAMMER = fileURLToPath(new URL('./fixtures/hammer.mjs', import.meta.url));

interface HammerReport {
  writer: string;
  writes: number;
  reads: number;
  hits: number;
  torn: number;
  deletes: number;
  errors: string[];
}

let adapterModule: string;

beforeAll(async () => {
  const bundle = await bundleAdapter();
  adapterModule = bundle.module;
  return bundle.cleanup;
});

function runHammer(directory: string, writer: string): Promise<HammerReport> {
  return new Promise((resolve, reject) => {
    const child = fork(HAMMER, [adapterModule, directory, writer, String(ITERATIONS)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: HammerReport | undefined;
    child.on('message', (message) => {
      report = message as HammerReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && report !== undefined) resolve(report);
      else reject(new Error(`hammer ${writer} exited with ${code} and no report`));
    });
  });
}

describe('several processes on one directory', () => {
  it('the self-validating payload detects a torn value', () => {
    const payload = makePayload('w', 1, 1000);
    const other = makePayload('w', 2, 1000);
    expect(isIntactPayload(payload)).toBe(true);
    expect(isIntactPayload(payload.slice(0, 600))).toBe(false);
    expect(isIntactPayload(payload.slice(0, 600) + other.slice(600))).toBe(false);
  });

  it('never observe a torn value', async () => {
    const directory = await temporaryRoot('processes');
    const reports = await Promise.all(
      Array.from({ length: PROCESSES }, (_, index) => runHammer(directory, `w${index}`)),
    );
    for (const report of reports) {
      expect(report.errors).toEqual([]);
      expect(report.torn).toBe(0);
      expect(report.writes).toBeGreaterThan(0);
    }
    // The run only shows something if readers actually met other processes' writes.
    expect(reports.reduce((sum, report) => sum + report.hits, 0)).toBeGreaterThan(PROCESSES * 10);

    const adapter = createFsAdapter({ directory, namespace: 'shared' });
    for (const entry of await adapter.getMany(['k0', 'k1', 'k2', 'k3'])) {
      if (entry !== undefined) expect(isIntactPayload(entry.payload)).toBe(true);
    }
    // Every writer exited cleanly, so no temporary file may be left behind.
    const names = await readdir(adapter.directory, { recursive: true });
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await adapter.dispose();
  });
});
