import type { Duration } from '@pc/core';
/**
 * Options of `createFsAdapter`. Only `directory` is required.
 */
export interface FsAdapterOptions {
  /**
   * Root directory of the cache, shared by every process and namespace that uses
   * it. Created (recursively) on the first write. Each namespace gets its own
   * sub-directory; nothing is ever written outside this directory.
   */
  readonly directory: string;
  /**
   * The namespace this adapter serves. Any non-empty string; it is encoded into a
   * safe directory name, so two namespaces never share files.
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * Largest payload accepted, in UTF-8 bytes of `AdapterEntry.payload`; a larger
   * one is rejected with `ValueTooLargeError` before anything is written.
   * `Number.POSITIVE_INFINITY` disables the check.
   * @default 67_108_864 (64 MiB)
   */
  readonly maxValueBytes?: number;
  /**
   * `true` to `fsync` every temporary file before it is renamed into place, so an
   * entry survives a power loss or kernel crash. Costs one disk flush per write
   * (about 0.1-10 ms on SSDs, far more on spinning disks or network storage).
   * Without it, such a crash can leave an empty or partial file, which the
   * checksum detects: it reads as a miss and is removed. Process crashes are
   * safe either way.
   * @default false
   */
  readonly fsync?: boolean;
  /**
   * Age in milliseconds after which `prune()` treats a temporary file (or a
   * directory left by an interrupted `clear()`) as left behind by a crashed
   * process and removes it. Keep it well above the time a single write takes.
   * @default 60_000
   */
  readonly leftoverGraceMilliseconds?: Duration;
  /**
   * Age in milliseconds after which a key lock counts as left by a process that
   * died while holding it, and is broken by the next process that needs it (or
   * removed by `prune()`). `compareAndSet`, `set`, `delete` and `prune` take a
   * key's lock for a few file operations (see "Key locks" in the README); an
   * operation on a key whose holder died waits this long. A process paused
   * longer than this inside a locked section (a debugger, `SIGSTOP`, heavy
   * swapping) loses its lock, and with it the atomicity of that one operation:
   * keep it far above the longest pause you expect.
   * @default 10_000
   */
  readonly lockStaleMilliseconds?: Duration;
  /**
   * Most entries the namespace keeps. Enforced by `prune()` only: the oldest
   * written entries are removed until the count fits. Writes between two prunes
   * may exceed it. `Number.POSITIVE_INFINITY` disables the cap.
   * @default Number.POSITIVE_INFINITY
   */
  readonly maxEntries?: number;
  /**
   * Most bytes the namespace's entry files may occupy together (file sizes, not
   * disk blocks or directories). Enforced by `prune()` only, oldest written
   * entries first. `Number.POSITIVE_INFINITY` disables the cap.
   * @default Number.POSITIVE_INFINITY
   */
  readonly maxBytes?: number;
  /**
   * Most file operations one `getMany`, `setMany`, `deleteMany` or `prune` call
   * runs at the same time.
   * @default 16
   */
  readonly concurrency?: number;
}

/** Defaults of every optional `FsAdapterOptions` member. */
export const FS_ADAPTER_DEFAULTS = {
  namespace: 'default',
  maxValueBytes: 64 * 1024 * 1024,
  fsync: false,
  leftoverGraceMilliseconds: 60_000,
  lockStaleMilliseconds: 10_000,
  maxEntries: Number.POSITIVE_INFINITY,
  maxBytes: Number.POSITIVE_INFINITY,
  concurrency: 16,
} as const satisfies Required<Omit<FsAdapterOptions, 'directory'>>;
