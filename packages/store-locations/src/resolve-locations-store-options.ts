import { InvalidOptionsError } from '@pc/core';
import { LOCATIONS_STORE_DEFAULTS, type LocationsStoreOptions } from './locations-store-options.js';

const KNOWN_OPTIONS = new Set(Object.keys(LOCATIONS_STORE_DEFAULTS));

/**
 * The TTL and burst members to spread into a definition (absent ones left out,
 * so the Cache's defaults apply).
 * @throws InvalidOptionsError naming an unknown option.
 */
export function resolveLocationsStoreOptions(
  options: LocationsStoreOptions,
): Pick<LocationsStoreOptions, 'ttlMilliseconds' | 'burst'> {
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionsError(
        `[pc:store-locations] unknown option "${name}"; known: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const ttlMilliseconds = options.ttlMilliseconds ?? LOCATIONS_STORE_DEFAULTS.ttlMilliseconds;
  const burst = options.burst ?? LOCATIONS_STORE_DEFAULTS.burst;
  return {
    ...(ttlMilliseconds === undefined ? {} : { ttlMilliseconds }),
    ...(burst === undefined ? {} : { burst }),
  };
}
