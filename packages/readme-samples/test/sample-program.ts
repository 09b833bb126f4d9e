import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { preludeText, REPOSITORY_ROOT, type ReadmeBlock } from './readme-blocks.js';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('../', import.meta.url));

type ExportTarget = string | { readonly [condition: string]: ExportTarget };

/**
 * `@pc/*` (and its subpaths) mapped to the type declarations the workspace packages
 * export: the built `dist/*.d.ts` of the public packages, the sources of the private
 * ones. The samples of the root README then resolve them like any other.
 */
function workspacePaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  const parent = join(REPOSITORY_ROOT, 'packages');
  for (const entry of readdirSync(parent, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    let manifest: { name?: string; exports?: Record<string, ExportTarget> };
    try {
      manifest = JSON.parse(readFileSync(join(parent, entry.name, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!manifest.name || !manifest.exports) continue;
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      const file =
        typeof target === 'string' ? target : (target.types ?? target.import ?? target.default);
      if (typeof file !== 'string' || !/\.(d\.)?ts$/.test(file)) continue;
      paths[`${manifest.name}${subpath.slice(1)}`] = [join(parent, entry.name, file)];
    }
  }
  return paths;
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ['node'],
  typeRoots: [join(PACKAGE_DIRECTORY, 'node_modules/@types')],
  skipLibCheck: true,
  noEmit: true,
  paths: workspacePaths(),
};

/**
 * Where a block's module sits, so its relative imports and packages resolve as they
 * would for the reader: beside its README, or where a first line such as
 * `// test/conformance.test.ts` says (from the README's folder, else from the root).
 */
function folderOf(block: ReadmeBlock): string {
  const readmeFolder = join(REPOSITORY_ROOT, dirname(block.readme));
  const named = /^\/\/ (\S+\.[cm]?ts)\b/.exec(block.code)?.[1];
  if (named === undefined) return readmeFolder;
  const candidates = [join(readmeFolder, dirname(named)), join(REPOSITORY_ROOT, dirname(named))];
  return candidates.find((folder) => existsSync(folder)) ?? readmeFolder;
}

/** A diagnostic of one sample, at a line of its README (or of its prelude). */
export interface SampleDiagnostic {
  readonly where: string;
  readonly message: string;
}

export interface SampleResults {
  /** Problems with the compiler options themselves. */
  readonly global: readonly string[];
  /** Diagnostics per block, in the order of the blocks given. */
  readonly perBlock: readonly (readonly SampleDiagnostic[])[];
}

/**
 * Typechecks every block as its own ES module (an in-memory `.mts` file placed by
 * `folderOf`), all in one program. A block with a
 * prelude is the prelude followed by the block.
 */
export function typecheckBlocks(blocks: readonly ReadmeBlock[]): SampleResults {
  const files = new Map<string, { block: ReadmeBlock; preludeLines: number; text: string }>();
  const names = blocks.map((block) => {
    const slug = block.readme.replace(/[^A-Za-z0-9]+/g, '-');
    const name = join(folderOf(block), `${slug}.L${block.line}.mts`);
    const prelude = block.prelude === undefined ? '' : `${preludeText(block.prelude).trimEnd()}\n`;
    const preludeLines = prelude === '' ? 0 : prelude.split('\n').length - 1;
    files.set(name, { block, preludeLines, text: `${prelude}${block.code}\n` });
    return name;
  });
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => files.has(file) || fileExists.call(host, file);
  host.readFile = (file) => files.get(file)?.text ?? readFile.call(host, file);
  host.getSourceFile = (file, languageVersion, ...rest) => {
    const virtual = files.get(file);
    return virtual
      ? ts.createSourceFile(file, virtual.text, languageVersion, true)
      : getSourceFile.call(host, file, languageVersion, ...rest);
  };
  const program = ts.createProgram({ rootNames: names, options: OPTIONS, host });
  const format = (diagnostic: ts.Diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    format,
  );
  const perBlock = names.map((name) => {
    const { block, preludeLines } = files.get(name)!;
    const sourceFile = program.getSourceFile(name);
    if (!sourceFile) return [{ where: block.readme, message: 'not part of the program' }];
    return [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ].map((diagnostic) => {
      const line = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
      const where =
        line < preludeLines
          ? `prelude ${block.prelude} line ${line + 1}`
          : `${block.readme}:${block.line + line - preludeLines}`;
      return { where, message: `TS${diagnostic.code}: ${format(diagnostic)}` };
    });
  });
  return { global, perBlock };
}
