import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../src/index.js';
import { describeLostRecordScenarios } from '../src/testing/index.js';
import { MapAdapter } from './support/map-adapter.js';

/** Registers the no-TTL scenario on a Map adapter with `cacheOptions`. */
const register = (cacheOptions: unknown) => () =>
  describeLostRecordScenarios({
    name: 'map',
    backend: () => () => new MapAdapter(),
    expectNoExpiry: async () => {},
    cacheOptions: cacheOptions as never,
  });

describe('describeLostRecordScenarios options', () => {
  it.each([5, 'codecs', null])('rejects cacheOptions %j, naming the option', (cacheOptions) => {
    expect(register(cacheOptions)).toThrow(InvalidOptionsError);
    expect(register(cacheOptions)).toThrow(/"cacheOptions" must be an object/);
  });
});
