import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  ClosedError,
  InvalidKeyError,
  PcError,
  TimeoutError,
} from '../src/index.js';

describe('PcError', () => {
  it('carries a stable code, a name and the cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new BackendUnavailableError('[pc:redis] down', { cause });
    expect(error.code).toBe('PC_BACKEND_UNAVAILABLE');
    expect(error.name).toBe('BackendUnavailableError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('isInstance matches errors thrown by a second copy of core', async () => {
    // Tests import core from source; the build in dist/ is a second copy, as when
    // two versions of @pc/core sit in node_modules.
    const secondCopy = (await import(
      '../dist/index.js' as string
    )) as typeof import('../src/index.js');
    expect(secondCopy.InvalidKeyError).not.toBe(InvalidKeyError);
    const foreign = new secondCopy.InvalidKeyError('bad key');
    expect(foreign).not.toBeInstanceOf(InvalidKeyError);
    expect(InvalidKeyError.isInstance(foreign)).toBe(true);
    expect(PcError.isInstance(foreign)).toBe(true);
    expect(ClosedError.isInstance(foreign)).toBe(false);
  });

  it('isInstance rejects look-alikes without the brand', () => {
    expect(InvalidKeyError.isInstance({ code: 'PC_INVALID_KEY' })).toBe(false);
    expect(PcError.isInstance(new Error('plain'))).toBe(false);
    expect(PcError.isInstance(undefined)).toBe(false);
  });

  it('a timeout is also a backend-unavailable error', () => {
    const timeout = new TimeoutError('slow');
    expect(BackendUnavailableError.isInstance(timeout)).toBe(true);
    expect(TimeoutError.isInstance(new BackendUnavailableError('down'))).toBe(false);
  });
});
