import { InvalidOptionsError } from '@pc/core';

const PREFIX_PART = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The Redis key prefix of one namespace: `<keyPrefix>:<namespace>:`. Neither part
 * may contain `:`, `{` or `}`, so prefixed keys are injective across prefixes and
 * namespaces, and the prefix never forms a cluster hash tag (only a user key can).
 */
export function buildKeyPrefix(keyPrefix: string, namespace: string): string {
  if (typeof namespace !== 'string' || !PREFIX_PART.test(namespace)) {
    throw new InvalidOptionsError(
      `[pc:redis] invalid "namespace" ${JSON.stringify(namespace)}: use 1 to 64 characters of [A-Za-z0-9_.-]`,
    );
  }
  if (typeof keyPrefix !== 'string' || !PREFIX_PART.test(keyPrefix)) {
    throw new InvalidOptionsError(
      `[pc:redis] invalid "keyPrefix" ${JSON.stringify(keyPrefix)}: use 1 to 64 characters of [A-Za-z0-9_.-]`,
    );
  }
  return `${keyPrefix}:${namespace}:`;
}

/** Escapes the glob characters of `SCAN MATCH` so `text` matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
