/**
 * Exit codes of the `pc` command, stable across releases (scripts branch on them).
 * Anything pc did not foresee exits with `INTERNAL`.
 */
export const EXIT_CODES = {
  /** The command did what it was asked. */
  OK: 0,
  /** Bad arguments, a bad URL or config file, an invalid key or option (`InvalidOptionsError`, `InvalidKeyError`). */
  USAGE: 1,
  /** `get`: no value a read would return; `delete`: none of the keys held an entry. */
  NOT_FOUND: 2,
  /** The backend could not be reached or did not answer in time (`BackendUnavailableError`, `TimeoutError`, `InvalidationError`). */
  BACKEND_UNAVAILABLE: 3,
  /** The adapter cannot do this (`UnsupportedCapabilityError`): `keys` on Memcached, `prune` on Redis, ... */
  UNSUPPORTED: 4,
  /** `clear` was not confirmed: declined at the prompt, or no terminal to ask and no `--yes`. */
  NOT_CONFIRMED: 5,
  /** An unexpected error (a bug, or a config file that throws). */
  INTERNAL: 70,
} as const;

/** One of the values of `EXIT_CODES`. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
