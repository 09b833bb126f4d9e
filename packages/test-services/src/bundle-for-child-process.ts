import { mkdir, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE_SOURCE = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));

/** What `bundleForChildProcess` bundles, and where. */
export interface ChildBundleOptions {
  /** Absolute path of the module to bundle (TypeScript or JavaScript). */
  readonly entry: string;
  /**
   * Directory to write the bundle to. Put it inside the package's own
   * `node_modules/` so the `external` packages resolve from there.
   */
  readonly outDir: string;
  /**
   * Packages left as imports rather than bundled (e.g. `ioredis`).
   * @default []
   */
  readonly external?: readonly string[];
}

/** A bundle on disk and the way to remove it. */
export interface ChildBundle {
  /** Absolute path of the bundled ES module. */
  readonly module: string;
  cleanup(): Promise<void>;
}

/**
 * Bundles the current sources (the entry, `@pc/*` packages and core's
 * dependencies) into one plain-JS module for child processes, so a child never
 * runs a stale `dist/`.
 */
export async function bundleForChildProcess(options: ChildBundleOptions): Promise<ChildBundle> {
  // Loaded here, not at the top: global setups import this package and need no bundler.
  const { build } = await import('tsup');
  await mkdir(options.outDir, { recursive: true });
  const name = basename(options.entry, extname(options.entry));
  await build({
    config: false,
    entry: { [name]: options.entry },
    outDir: options.outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    silent: true,
    // lru-cache is core's dependency, not resolvable from other packages: bundle it too.
    noExternal: [/^@pc\//, 'lru-cache'],
    external: [...(options.external ?? [])],
    esbuildOptions(esbuild) {
      esbuild.alias = { '@pc/core': CORE_SOURCE };
    },
  });
  return {
    module: join(options.outDir, `${name}.js`),
    cleanup: () => rm(options.outDir, { recursive: true, force: true }),
  };
}
