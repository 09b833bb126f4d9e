import type { AdapterEntry } from '../contracts/adapter-entry.js';
import { SerializationError } from '../errors/serialization-error.js';

/**
 * For adapters: the edge checks every write makes before anything is stored. An
 * entry must be an object with a string `payload` and an `expiresAt` that is
 * `undefined` or a number (not NaN; `Infinity` means no expiry, returned as
 * `undefined`). Anything else is a caller's bug and rejects with one typed error,
 * `SerializationError`, naming the key and what is wrong.
 * @returns the entry's `expiresAt`, normalized (`undefined` for no expiry).
 */
export function validateEntry(
  adapterName: string,
  key: string,
  entry: unknown,
): number | undefined {
  const shown = JSON.stringify(String(key).slice(0, 100));
  if (typeof entry !== 'object' || entry === null) {
    throw new SerializationError(
      `[pc:${adapterName}] the entry of key ${shown} must be an object { payload, expiresAt? }, got ${entry === null ? 'null' : typeof entry}`,
    );
  }
  const { payload, expiresAt } = entry as Partial<AdapterEntry>;
  if (typeof payload !== 'string') {
    throw new SerializationError(
      `[pc:${adapterName}] the payload of key ${shown} must be a string, got ${payload === null ? 'null' : typeof payload}`,
    );
  }
  if (expiresAt === undefined || expiresAt === Number.POSITIVE_INFINITY) return undefined;
  if (typeof expiresAt !== 'number' || Number.isNaN(expiresAt)) {
    throw new SerializationError(
      `[pc:${adapterName}] "expiresAt" of key ${shown} must be a number of milliseconds since the epoch (or undefined), got ${String(expiresAt)}`,
    );
  }
  return expiresAt;
}
