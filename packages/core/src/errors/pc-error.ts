/**
 * Brand shared by every copy of `@pc/core` loaded in one process, so
 * `isInstance` works even when two copies sit in node_modules and
 * `instanceof` would fail.
 */
const PC_ERROR_BRAND = Symbol.for('@pc/core/error');

/** Options every pc error accepts. */
export interface PcErrorOptions {
  /** The underlying error (backend, parser, ...). */
  readonly cause?: unknown;
}

/**
 * Base class of every error pc throws. `code` is stable across releases and is
 * what code should branch on; messages may change.
 */
export class PcError extends Error {
  /** Stable machine-readable code, e.g. `"PC_INVALID_KEY"`. */
  static readonly code: string = 'PC_ERROR';
  /** Stable machine-readable code of this error. */
  readonly code: string;

  constructor(message: string, options: PcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = (new.target as typeof PcError).code;
    this.name = new.target.name;
    Object.defineProperty(this, PC_ERROR_BRAND, { value: true, enumerable: false });
  }

  /**
   * `true` when `value` is an error of this class (or a subclass), even if it
   * was created by another copy of `@pc/core`. Matching is by `code`.
   */
  static isInstance<T extends typeof PcError>(this: T, value: unknown): value is InstanceType<T> {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[PC_ERROR_BRAND] !== true) return false;
    // `this` is the class isInstance was called on (polymorphic static), not PcError.
    // biome-ignore lint/complexity/noThisInStatic: polymorphic static, see above
    if (this.code === PcError.code) return true;
    const code = (value as { code?: unknown }).code;
    // biome-ignore lint/complexity/noThisInStatic: polymorphic static, see above
    return code === this.code || isSubclassCode(this.code, code);
  }
}

/** Codes of subclasses that count as instances of a parent code (e.g. timeout is unavailable). */
const PARENT_CODES: Record<string, readonly string[]> = {
  PC_BACKEND_UNAVAILABLE: ['PC_TIMEOUT', 'PC_CIRCUIT_OPEN'],
  PC_INVALID_OPTIONS: ['PC_CACHE_LAYER'],
};

function isSubclassCode(parent: string, code: unknown): boolean {
  return typeof code === 'string' && (PARENT_CODES[parent]?.includes(code) ?? false);
}
