import type { BusMessage } from '@pc/core';

/**
 * Checks a received bus message. Another process (or another version of pc) may
 * publish anything on the channel, so the shape is verified field by field.
 * @returns the message with only the known fields, or a reason it was rejected.
 */
export function parseBusMessage(raw: string): BusMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  return checkBusMessage(value);
}

/** Checks the shape of a message, received or about to be published. */
export function checkBusMessage(value: unknown): BusMessage | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not an object';
  }
  const { origin, keys, tags, clear } = value as Record<string, unknown>;
  if (typeof origin !== 'string' || origin === '') return '"origin" must be a non-empty string';
  if (keys !== undefined && !isStringArray(keys)) return '"keys" must be an array of strings';
  if (tags !== undefined && !isStringArray(tags)) return '"tags" must be an array of strings';
  if (clear !== undefined && typeof clear !== 'boolean') return '"clear" must be a boolean';
  const message: { origin: string; keys?: string[]; tags?: string[]; clear?: boolean } = {
    origin,
  };
  if (keys !== undefined) message.keys = keys;
  if (tags !== undefined) message.tags = tags;
  if (clear !== undefined) message.clear = clear;
  return message;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
