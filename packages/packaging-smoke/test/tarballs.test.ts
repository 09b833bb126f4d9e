import { describe, expect, inject, it } from 'vitest';
import { publicPackages } from './public-packages.js';
import { describeResult, runCommand } from './run-command.js';
import { readTarball } from './tarball.js';
import { binaryOf } from './tool-binaries.js';

const PACKAGES = publicPackages();
const TOOL_DEADLINE_MILLISECONDS = 180_000;

type ExportTarget = string | { readonly [condition: string]: ExportTarget };

interface PackedManifest {
  readonly name: string;
  readonly license?: string;
  readonly keywords?: readonly string[];
  readonly files?: readonly string[];
  readonly main?: string;
  readonly types?: string;
  readonly exports: Readonly<Record<string, ExportTarget>>;
}

function packedManifest(files: Map<string, Buffer>): PackedManifest {
  const manifest = files.get('package/package.json');
  if (!manifest) throw new Error('no package/package.json in the tarball');
  return JSON.parse(manifest.toString('utf8'));
}

describe.each(PACKAGES)('the tarball of $name', ({ name }) => {
  const tarball = () => inject('tarballs')[name]!;

  it('ships LICENSE (MIT), README.md and the metadata fields', () => {
    const files = readTarball(tarball());
    expect(files.get('package/LICENSE')?.toString('utf8')).toMatch(/^MIT License\n/);
    expect(files.has('package/README.md')).toBe(true);
    const manifest = packedManifest(files);
    expect(manifest.license).toBe('MIT');
    expect(manifest.files).toContain('LICENSE');
    expect(manifest.keywords?.length ?? 0).toBeGreaterThan(0);
  });

  it('has no `workspace:` range left and every file its manifest points to', () => {
    const files = readTarball(tarball());
    const raw = files.get('package/package.json')!.toString('utf8');
    expect(raw).not.toContain('workspace:');
    const manifest = packedManifest(files);
    const targets: string[] = [manifest.main, manifest.types].filter(
      (target): target is string => target !== undefined,
    );
    const collect = (target: ExportTarget) => {
      if (typeof target === 'string') targets.push(target);
      else for (const value of Object.values(target)) collect(value);
    };
    for (const target of Object.values(manifest.exports)) collect(target);
    for (const target of targets) {
      expect(files.has(`package/${target.replace(/^\.\//, '')}`), target).toBe(true);
    }
  });

  it('lets require() reach every entry point: `types` first, `default` last', () => {
    const manifest = packedManifest(readTarball(tarball()));
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      const conditions = Object.keys(target);
      expect(conditions[0], `${subpath}: "types" comes first`).toBe('types');
      expect(conditions.at(-1), `${subpath}: ends with "default"`).toBe('default');
    }
  });
});

describe.concurrent.each(PACKAGES)('$name, checked by the packaging linters', ({ name }) => {
  it('passes publint --strict', async () => {
    const result = await runCommand(
      process.execPath,
      [binaryOf('publint', 'publint'), 'run', '--strict', inject('tarballs')[name]!],
      { cwd: process.cwd(), timeoutMilliseconds: TOOL_DEADLINE_MILLISECONDS },
    );
    expect(result.code, describeResult(result)).toBe(0);
  });

  // `cjs-resolves-to-esm` is the one rule ignored: the packages are ESM only on
  // purpose, and Node >= 20.19 require()s them (the install test does it, and
  // typechecks a CommonJS file under `nodenext`); attw's bundled TypeScript predates that.
  it('passes are-the-types-wrong (every entry point, every resolution mode)', async () => {
    const result = await runCommand(
      process.execPath,
      [
        binaryOf('@arethetypeswrong/cli', 'attw'),
        '--ignore-rules',
        'cjs-resolves-to-esm',
        '--format',
        'ascii',
        '--no-color',
        inject('tarballs')[name]!,
      ],
      { cwd: process.cwd(), timeoutMilliseconds: TOOL_DEADLINE_MILLISECONDS },
    );
    expect(result.code, describeResult(result)).toBe(0);
  });
});
