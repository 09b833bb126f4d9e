import type { CacheLogger } from '../contracts/cache-logger.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import type { EventHub } from './event-hub.js';

/** Most keys or tags written into one log line; the line carries the full counts. */
const MAX_LOGGED_NAMES = 20;

/**
 * Writes the events an operator needs to see to `logger` (pino's
 * `(fields, message)` form, errors under `err`): L2 failures, unreadable entries,
 * stale and grace serves, bus gaps, invalidations queued, retried and dropped, and circuit
 * breaker changes. Hits, misses and loads are not logged (metrics are the place
 * for them), so the hot path stays as cheap as without a logger; without a logger
 * nothing is subscribed at all.
 */
export function bridgeLogger(events: EventHub, logger: CacheLogger): void {
  const log = logger.child({ component: 'pc-cache' });
  events.on('backend-error', ({ operation, error }) => {
    if (CircuitOpenError.isInstance(error)) {
      log.debug({ operation }, 'L2 call skipped: the circuit breaker is open');
    } else {
      log.warn({ operation, err: error }, `L2 ${operation} failed; the cache went on without L2`);
    }
  });
  events.on('corrupt', ({ key, namespace }) => {
    log.warn({ key, namespace }, 'unreadable L2 entry read as a miss');
  });
  events.on('stale', ({ keys, namespace, error }) => {
    log.warn(
      { ...names('keys', keys), namespace, err: error },
      'load failed; stale L1 values served (staleIfErrorMilliseconds)',
    );
  });
  events.on('grace', ({ keys, namespace, reason, error }) => {
    log.warn(
      { ...names('keys', keys), namespace, reason, ...(error === undefined ? {} : { err: error }) },
      'values past their TTL served from grace (graceMilliseconds)',
    );
  });
  events.on('bus-gap', () => {
    log.warn({}, 'the bus may have lost invalidation messages; L1 was flushed');
  });
  events.on('invalidation-queued', ({ keys, tags, error }) => {
    log.warn(
      { ...names('keys', keys), ...names('tags', tags), err: error },
      'invalidation failed; queued for retry (this process bypasses the cache for it meanwhile)',
    );
  });
  events.on('invalidation-retry', ({ attempt, succeeded, error }) => {
    if (succeeded) log.info({ attempt }, 'queued invalidation applied');
    else log.warn({ attempt, err: error }, 'queued invalidation failed again; retrying later');
  });
  events.on('invalidation-dropped', ({ keys, tags, clear, error }) => {
    log.error(
      { ...names('keys', keys), ...names('tags', tags), clear, err: error },
      'queued invalidation dropped after its last attempt failed; entries it names may still be readable in L2',
    );
  });
  events.on('breaker', ({ state, adapter, failures, openMilliseconds, error }) => {
    if (state === 'open') {
      log.warn(
        { state, adapter, failures, openMilliseconds, err: error },
        'L2 circuit breaker open: L2 reads and fills are skipped',
      );
    } else if (state === 'half-open') {
      log.info({ state, adapter }, 'L2 circuit breaker half-open: probing L2');
    } else {
      log.info({ state, adapter }, 'L2 circuit breaker closed: L2 is used again');
    }
  });
}

/** `{ keys: [first 20], keyCount }` (or tags), so a large invalidation stays one short line. */
function names(field: 'keys' | 'tags', values: readonly string[]): Record<string, unknown> {
  const count = field === 'keys' ? 'keyCount' : 'tagCount';
  return { [field]: values.slice(0, MAX_LOGGED_NAMES), [count]: values.length };
}
