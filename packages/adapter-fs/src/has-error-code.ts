/** `true` when `error` is a Node.js system error with this `code` (e.g. `"ENOENT"`). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | undefined)?.code === code;
}
