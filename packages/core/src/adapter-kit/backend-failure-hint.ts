/** How far down a chain of `cause`s a failure is searched for a system error code. */
const MAX_CAUSE_DEPTH = 8;

/** Hints by Node.js system error code; `address` is where the backend is. */
const HINTS_BY_CODE: Readonly<Record<string, (adapter: string, address: string) => string>> = {
  ECONNREFUSED: (adapter, address) => `is the ${adapter} server running at ${address}?`,
  ENOTFOUND: (_, address) => `the host of ${address} does not resolve; check the host name`,
  EAI_AGAIN: (_, address) => `the host of ${address} does not resolve (DNS is not answering)`,
  ECONNRESET: (_, address) =>
    `the server at ${address} closed the connection (a restart, or a proxy or firewall cut it)`,
  EPIPE: (_, address) =>
    `the server at ${address} closed the connection (a restart, or a proxy or firewall cut it)`,
  EHOSTUNREACH: (_, address) => `no route to ${address}; check the network and the host`,
  ENETUNREACH: (_, address) => `no route to ${address}; check the network and the host`,
  EACCES: (_, address) => `permission denied on ${address}; check which user the process runs as`,
  EPERM: (_, address) => `permission denied on ${address}; check which user the process runs as`,
  ENOSPC: (_, address) => `no space is left on the device holding ${address}`,
  EROFS: (_, address) => `${address} is on a read-only file system`,
  EMFILE: () => 'the process has too many open files; raise its limit (ulimit -n)',
  ENFILE: () => 'the system has too many open files',
};

/** Redis and other servers answer authentication failures in words, not codes. */
const AUTHENTICATION_FAILURE = /\b(?:NOAUTH|WRONGPASS|invalid password|authentication)\b/i;
const TIMED_OUT = /\btimed? ?out\b/i;

/** The Node.js system error code (`ECONNREFUSED`, ...) found first along `cause`'s chain. */
export function systemErrorCode(cause: unknown): string | undefined {
  let current = cause;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `true` when `cause` (or an error in its chain) says it ran out of time. */
export function isTimeoutFailure(cause: unknown): boolean {
  if (systemErrorCode(cause) === 'ETIMEDOUT') return true;
  return cause instanceof Error && TIMED_OUT.test(cause.message);
}

/**
 * What to check for the common backend failures (connection refused, unknown
 * host, reset, permissions, full disk, authentication), or `undefined`.
 */
export function backendFailureHint(
  cause: unknown,
  adapter: string,
  address: string,
): string | undefined {
  const code = systemErrorCode(cause);
  const byCode = code === undefined ? undefined : HINTS_BY_CODE[code];
  if (byCode !== undefined) return byCode(adapter, address);
  if (cause instanceof Error && AUTHENTICATION_FAILURE.test(cause.message)) {
    return 'check the user name and password in the connection options';
  }
  return undefined;
}
