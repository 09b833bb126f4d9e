import { findFreePort } from './free-port.js';
import { ServerStartError } from './server-process.js';
import { TEST_SERVICES_DEFAULTS } from './test-services-defaults.js';

/**
 * Runs `attempt` with `count` free ports, and again with fresh ports when a server
 * exited before answering (another process bound the port between our probe and
 * its bind). With `fixedPort`, the first port is that one and there is no retry.
 */
export async function startOnFreePorts<T>(
  count: number,
  fixedPort: number | undefined,
  attempt: (ports: number[]) => Promise<T>,
): Promise<T> {
  let lastError: unknown;
  for (let round = 0; round < TEST_SERVICES_DEFAULTS.portAttempts; round += 1) {
    const ports: number[] = [];
    for (let index = 0; index < count; index += 1) {
      ports.push(index === 0 && fixedPort !== undefined ? fixedPort : await findFreePort());
    }
    try {
      return await attempt(ports);
    } catch (error) {
      lastError = error;
      const retryable = error instanceof ServerStartError && error.exitedEarly;
      if (!retryable || fixedPort !== undefined) throw error;
    }
  }
  throw lastError;
}

/** Validates an optional positive integer option; the message names the option. */
export function checkPositiveInteger(
  value: number | undefined,
  option: string,
  maximum = Number.MAX_SAFE_INTEGER,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1 || value > maximum) {
    throw new TypeError(
      `[pc:test-services] "${option}" must be an integer from 1 to ${maximum}, got ${String(value)}`,
    );
  }
}
