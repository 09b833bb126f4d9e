/**
 * A low-cardinality name for an error, for metric labels and log fields: pc's
 * stable `code` (`PC_TIMEOUT`, ...) or any other string `code` (Node's
 * `ECONNREFUSED`), else the error's `name` (`TypeError`), else `_OTHER`.
 */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code !== '') return code;
    if (typeof name === 'string' && name !== '') return name;
  }
  return '_OTHER';
}
