import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  ClosedError,
  TimeoutError,
  wrapBackendError,
} from '../src/index.js';

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const FAILURE = { adapter: 'memcached', operation: 'set', address: '127.0.0.1:11211' } as const;

describe('wrapBackendError', () => {
  it('connection refused: BackendUnavailableError with the cause, the operation, the address and a hint', () => {
    const cause = systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:11211');
    const error = wrapBackendError(cause, FAILURE);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect(TimeoutError.isInstance(error)).toBe(false);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      '[pc:memcached] set on 127.0.0.1:11211 failed: connect ECONNREFUSED 127.0.0.1:11211; is the memcached server running at 127.0.0.1:11211?',
    );
  });

  it('names the failing step when it differs from the operation', () => {
    const error = wrapBackendError(systemError('ECONNRESET', 'read ECONNRESET'), {
      ...FAILURE,
      step: 'get',
    });
    expect(error.message).toMatch(/^\[pc:memcached\] set \(get\) on 127\.0\.0\.1:11211 failed/);
    expect(error.message).toContain('closed the connection');
    const same = wrapBackendError(new Error('boom'), { ...FAILURE, step: 'set' });
    expect(same.message).toMatch(/^\[pc:memcached\] set on /);
  });

  it('finds the system error code anywhere along the cause chain', () => {
    const root = systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND cache.internal');
    const error = wrapBackendError(new Error('connection failed', { cause: root }), {
      ...FAILURE,
      address: 'cache.internal:11211',
    });
    expect(error.message).toContain('the host of cache.internal:11211 does not resolve');
  });

  it('timeouts become TimeoutError naming the deadline option', () => {
    const deadline = { milliseconds: 500, option: 'timeoutMilliseconds' };
    const byCode = wrapBackendError(systemError('ETIMEDOUT', 'connect ETIMEDOUT'), {
      ...FAILURE,
      deadline,
    });
    expect(TimeoutError.isInstance(byCode)).toBe(true);
    expect(byCode.message).toContain('got no answer within 500 ms');
    expect(byCode.message).toContain('"timeoutMilliseconds"');
    const byMessage = wrapBackendError(new Error('Command timed out'), FAILURE);
    expect(TimeoutError.isInstance(byMessage)).toBe(true);
    const ownDeadline = wrapBackendError(undefined, { ...FAILURE, deadline, timedOut: true });
    expect(TimeoutError.isInstance(ownDeadline)).toBe(true);
    expect(ownDeadline.cause).toBeUndefined();
    expect(ownDeadline.message).toBe(
      '[pc:memcached] set on 127.0.0.1:11211 got no answer within 500 ms; set "timeoutMilliseconds" to allow more time if the server is just slow',
    );
  });

  it('appends the adapter hint, and leaves unknown failures without a guessed one', () => {
    const error = wrapBackendError('weird', { ...FAILURE, hint: 'pc reconnects by itself' });
    expect(error.message).toBe(
      '[pc:memcached] set on 127.0.0.1:11211 failed: weird; pc reconnects by itself',
    );
    expect(wrapBackendError(new Error('boom'), FAILURE).message).toBe(
      '[pc:memcached] set on 127.0.0.1:11211 failed: boom',
    );
  });

  it('file system and authentication failures get their hints', () => {
    const fs = { adapter: 'fs', operation: 'write', address: '/var/cache/pc' };
    expect(wrapBackendError(systemError('EACCES', 'open EACCES'), fs).message).toContain(
      'permission denied on /var/cache/pc',
    );
    expect(wrapBackendError(systemError('ENOSPC', 'write ENOSPC'), fs).message).toContain(
      'no space is left',
    );
    expect(
      wrapBackendError(new Error('WRONGPASS invalid username-password pair'), FAILURE).message,
    ).toContain('check the user name and password');
  });

  it('a pc error passes through unchanged', () => {
    const closed = new ClosedError('[pc:memcached] disposed');
    expect(wrapBackendError(closed, FAILURE)).toBe(closed);
    const already = wrapBackendError(new Error('boom'), FAILURE);
    expect(wrapBackendError(already, { ...FAILURE, operation: 'get' })).toBe(already);
  });
});
