import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { publicPackages, REPOSITORY_ROOT } from './public-packages.js';
import { quickStartSample, quickStartSection } from './readme-quick-start.js';
import { type CommandResult, describeResult, runCommand } from './run-command.js';

const NAMES = publicPackages().map((pkg) => pkg.name);
const ROOT_MANIFEST = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
// The app typechecks with the TypeScript and @types/node the repository builds with.
const TYPESCRIPT = `typescript@${ROOT_MANIFEST.devDependencies.typescript}`;
const NODE_TYPES = `@types/node@${ROOT_MANIFEST.devDependencies['@types/node']}`;
const INSTALL_DEADLINE_MILLISECONDS = 420_000;
const STEP_DEADLINE_MILLISECONDS = 180_000;
// Far above the ~1 s the quick start takes: past it, something keeps the process alive.
const QUICK_START_DEADLINE_MILLISECONDS = 60_000;

let app = '';

async function inApp(file: string, args: readonly string[], deadline = STEP_DEADLINE_MILLISECONDS) {
  const result = await runCommand(file, args, { cwd: app, timeoutMilliseconds: deadline });
  console.log(`[packaging-smoke] ${result.command}: ${result.milliseconds} ms`);
  return result;
}

function expectSuccess(result: CommandResult) {
  expect(result.timedOut, describeResult(result)).toBe(false);
  expect(result.code, describeResult(result)).toBe(0);
}

const tsc = (project: string) =>
  inApp(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', project]);

const writeJson = (file: string, value: unknown) =>
  writeFileSync(join(app, file), `${JSON.stringify(value, null, 2)}\n`);

const STRICT_OPTIONS = { target: 'es2022', strict: true, skipLibCheck: false, types: ['node'] };

// A new user's app: `npm init -y`, then the tarballs installed with npm, outside the
// workspace (no pnpm, no workspace links, peers resolved by npm).
beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'pc-app-'));
  expectSuccess(await inApp('npm', ['init', '-y']));
  // The root README's quick start says to do this (top-level await needs ESM).
  expectSuccess(await inApp('npm', ['pkg', 'set', 'type=module']));
  const tarballs = inject('tarballs');
  expectSuccess(
    await inApp(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        ...NAMES.map((name) => tarballs[name]!),
        TYPESCRIPT,
        NODE_TYPES,
      ],
      INSTALL_DEADLINE_MILLISECONDS,
    ),
  );
});

afterAll(() => {
  if (!app) return;
  if (process.env.PC_PACKAGING_SMOKE_KEEP === '1') console.log(`[packaging-smoke] kept ${app}`);
  else rmSync(app, { recursive: true, force: true });
});

describe('the packed packages installed with npm into a new app', () => {
  it('resolve every peer dependency, with one copy of @pc/core and of ioredis', async () => {
    expectSuccess(await inApp('npm', ['ls', '--all']));
    for (const shared of ['@pc/core', 'ioredis']) {
      const result = await inApp('npm', ['ls', shared, '--all', '--parseable']);
      expectSuccess(result);
      const copies = new Set(result.stdout.split('\n').filter((line) => line.trim() !== ''));
      expect([...copies], `${shared}: ${result.stdout}`).toHaveLength(1);
    }
  });

  it('are require()d from CommonJS, as the same modules import() gives', async () => {
    writeFileSync(
      join(app, 'require-all.cjs'),
      `const names = ${JSON.stringify(NAMES)};
(async () => {
  for (const name of names) {
    const required = require(name);
    if (Object.keys(required).length === 0) throw new Error(name + ': require() found no exports');
    if (required !== (await import(name))) throw new Error(name + ': require() and import() differ');
  }
  console.log('required ' + names.length + ' packages');
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`,
    );
    const result = await inApp(process.execPath, ['require-all.cjs']);
    expectSuccess(result);
    expect(result.stdout).toContain(`required ${NAMES.length} packages`);
  });

  it('are imported from an ES module', async () => {
    writeFileSync(
      join(app, 'import-all.js'),
      `${NAMES.map((name, index) => `import * as module${index} from '${name}';`).join('\n')}
const modules = [${NAMES.map((_name, index) => `module${index}`).join(', ')}];
const empty = modules.findIndex((module) => Object.keys(module).length === 0);
if (empty >= 0) throw new Error(${JSON.stringify(NAMES)}[empty] + ': no exports');
console.log('imported ' + modules.length + ' packages');
`,
    );
    const result = await inApp(process.execPath, ['import-all.js']);
    expectSuccess(result);
    expect(result.stdout).toContain(`imported ${NAMES.length} packages`);
  });

  // Two tsc runs side by side: each spends most of its time checking the same .d.ts files.
  describe.concurrent('typechecked with skipLibCheck: false', () => {
    beforeAll(() => {
      writeFileSync(
        join(app, 'check.ts'),
        `${NAMES.map((name, index) => `import * as module${index} from '${name}';`).join('\n')}
import { createRedisAdapter } from '@pc/adapter-redis';
import { Redis } from 'ioredis';

// The app's own ioredis client is accepted: npm installed one copy, for both.
export const adapter = createRedisAdapter({ client: new Redis({ lazyConnect: true }), namespace: 'app' });
export const modules = [${NAMES.map((_name, index) => `module${index}`).join(', ')}];
`,
      );
      writeFileSync(
        join(app, 'check.cts'),
        `${NAMES.map((name, index) => `import module${index} = require('${name}');`).join('\n')}
export = [${NAMES.map((_name, index) => `module${index}`).join(', ')}];
`,
      );
      writeJson('tsconfig.nodenext.json', {
        compilerOptions: {
          ...STRICT_OPTIONS,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          noEmit: true,
        },
        files: ['check.ts', 'check.cts'],
      });
      writeJson('tsconfig.bundler.json', {
        compilerOptions: {
          ...STRICT_OPTIONS,
          module: 'esnext',
          moduleResolution: 'bundler',
          noEmit: true,
        },
        files: ['check.ts'],
      });
    });

    it('under module nodenext, from ESM and from CommonJS (import = require)', async () => {
      expectSuccess(await tsc('tsconfig.nodenext.json'));
    });

    it('under moduleResolution bundler', async () => {
      expectSuccess(await tsc('tsconfig.bundler.json'));
    });
  });

  it('run their command-line tools from node_modules/.bin', async () => {
    const binaries = publicPackages().flatMap((pkg) =>
      Object.keys((pkg.manifest.bin as Record<string, string> | undefined) ?? {}),
    );
    expect(binaries).toContain('pc');
    for (const binary of binaries) {
      const help = await inApp(join(app, 'node_modules/.bin', binary), ['--help']);
      expectSuccess(help);
      expect(help.stdout).toContain('Usage:');
    }
    // A real command: the installed adapters and their dependencies load.
    const directory = mkdtempSync(join(tmpdir(), 'pc-cli-smoke-'));
    try {
      const stats = await inApp(join(app, 'node_modules/.bin/pc'), [
        'stats',
        '--url',
        pathToFileURL(directory).href,
        '--json',
      ]);
      expectSuccess(stats);
      expect(JSON.parse(stats.stdout)).toMatchObject({ backend: 'fs', entries: 0 });
      const miss = await inApp(join(app, 'node_modules/.bin/pc'), [
        'get',
        'nothing',
        '--url',
        pathToFileURL(directory).href,
      ]);
      expect(miss.code, describeResult(miss)).toBe(2);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('run the root README quick start to completion, exiting by themselves', async () => {
    expect(quickStartSection(), 'the quick start tells users to set "type": "module"').toContain(
      '"type": "module"',
    );
    writeFileSync(join(app, 'quick-start.ts'), quickStartSample());
    writeJson('tsconfig.quick-start.json', {
      compilerOptions: {
        ...STRICT_OPTIONS,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        outDir: 'out',
        rootDir: '.',
      },
      files: ['quick-start.ts'],
    });
    expectSuccess(await tsc('tsconfig.quick-start.json'));
    // No kill, no process.exit: a handle left open by dispose() keeps it running
    // until the deadline, and that fails here.
    expectSuccess(
      await inApp(process.execPath, ['out/quick-start.js'], QUICK_START_DEADLINE_MILLISECONDS),
    );
  });
});
