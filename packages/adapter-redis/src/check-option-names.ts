import { InvalidOptionsError } from '@pc/core';

/** Options every Redis factory takes (`RedisConnectionOptions`). */
export const CONNECTION_OPTION_NAMES = [
  'url',
  'redisOptions',
  'clusterNodes',
  'clusterOptions',
  'client',
  'connectTimeoutMilliseconds',
  'commandTimeoutMilliseconds',
  'maxReconnectDelayMilliseconds',
] as const;

/** Rejects option names `factory` does not know: a typo must not fall back to a default. */
export function checkOptionNames(options: object, known: readonly string[], factory: string): void {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new InvalidOptionsError(
        `[pc:redis] unknown option "${name}" for ${factory}; known options: ${known.join(', ')}`,
      );
    }
  }
}
