import { resolve } from 'node:path';
import { checkOptionNames, InvalidOptionsError, toMilliseconds } from '@pc/core';
import { FS_ADAPTER_DEFAULTS, type FsAdapterOptions } from './fs-adapter-options.js';

/** `FsAdapterOptions` with defaults applied and `directory` made absolute. */
export type ResolvedFsAdapterOptions = Required<
  Omit<FsAdapterOptions, 'leftoverGraceMilliseconds' | 'lockStaleMilliseconds'>
> & {
  readonly leftoverGraceMilliseconds: number;
  readonly lockStaleMilliseconds: number;
};

const KNOWN_OPTIONS = ['directory', ...Object.keys(FS_ADAPTER_DEFAULTS)];

/**
 * Validates options eagerly, so a typo fails at start-up rather than on the first
 * write.
 * @throws `InvalidOptionsError` naming the offending option.
 */
export function resolveFsAdapterOptions(options: FsAdapterOptions): ResolvedFsAdapterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('[pc:fs] options must be an object with a "directory"');
  }
  checkOptionNames('fs', options, KNOWN_OPTIONS);
  const { directory } = options;
  if (typeof directory !== 'string' || directory.length === 0 || directory.includes('\0')) {
    throw new InvalidOptionsError('[pc:fs] set "directory" to a non-empty path');
  }
  const namespace = options.namespace ?? FS_ADAPTER_DEFAULTS.namespace;
  if (typeof namespace !== 'string' || namespace.length === 0) {
    throw new InvalidOptionsError('[pc:fs] set "namespace" to a non-empty string');
  }
  const fsync = options.fsync ?? FS_ADAPTER_DEFAULTS.fsync;
  if (typeof fsync !== 'boolean') {
    throw new InvalidOptionsError('[pc:fs] set "fsync" to true or false');
  }
  return {
    directory: resolve(directory),
    namespace,
    fsync,
    maxValueBytes: limit(options, 'maxValueBytes', 1),
    leftoverGraceMilliseconds: finite(options, 'leftoverGraceMilliseconds', 0),
    lockStaleMilliseconds: finite(options, 'lockStaleMilliseconds', 1),
    maxEntries: limit(options, 'maxEntries', 1),
    maxBytes: limit(options, 'maxBytes', 1),
    concurrency: finite(options, 'concurrency', 1),
  };
}

type NumericOption =
  | 'maxValueBytes'
  | 'leftoverGraceMilliseconds'
  | 'lockStaleMilliseconds'
  | 'maxEntries'
  | 'maxBytes'
  | 'concurrency';

/** An integer >= `minimum`, or positive infinity (no limit). */
function limit(options: FsAdapterOptions, name: NumericOption, minimum: number): number {
  const value = options[name] ?? FS_ADAPTER_DEFAULTS[name];
  if (value === Number.POSITIVE_INFINITY) return value;
  return finite(options, name, minimum, true);
}

/** A finite integer >= `minimum`; options named `...Milliseconds` also take a duration string. */
function finite(
  options: FsAdapterOptions,
  name: NumericOption,
  minimum: number,
  infinityAllowed = false,
): number {
  const given = options[name] ?? FS_ADAPTER_DEFAULTS[name];
  const value = name.endsWith('Milliseconds') ? toMilliseconds(given, name, 'fs') : given;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    const range = infinityAllowed ? ' or Number.POSITIVE_INFINITY' : '';
    throw new InvalidOptionsError(
      `[pc:fs] set "${name}" to an integer >= ${minimum}${range} (got ${String(value)})`,
    );
  }
  return value;
}
