import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidOptionsError } from '@pc/core';
import type { CliConfig, CliConfigExport } from './cli-config.js';

const CONFIG_KEYS = new Set(['url', 'adapter', 'cache', 'namespaces', 'dispose']);

/**
 * Imports a config module (`.mjs`, `.js`, `.cjs`; resolved from the working
 * directory) and returns its config: the default export (or a `config` export),
 * called first when it is a function.
 * @throws InvalidOptionsError when the file cannot be loaded or exports no config.
 */
export async function loadConfig(file: string): Promise<CliConfig> {
  const path = isAbsolute(file) ? file : resolve(process.cwd(), file);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidOptionsError(
      `[pc:cli] cannot load --config ${JSON.stringify(file)}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const exported = (module.default ?? module.config) as CliConfigExport | undefined;
  const config = typeof exported === 'function' ? await exported() : exported;
  if (typeof config !== 'object' || config === null) {
    throw new InvalidOptionsError(
      `[pc:cli] --config ${JSON.stringify(file)} must export a config object (default export), e.g. export default { adapter, cache: { codecs } }`,
    );
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) {
      throw new InvalidOptionsError(
        `[pc:cli] --config ${JSON.stringify(file)} exports unknown key "${key}"; known keys: ${[...CONFIG_KEYS].join(', ')}`,
      );
    }
  }
  return config;
}
