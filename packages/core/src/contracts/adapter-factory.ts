import type { CacheAdapter } from './cache-adapter.js';

/**
 * What the conformance suite (and any other harness) hands an adapter factory
 * for one test: a namespace no other test uses, and a signal for cleanup.
 */
export interface AdapterTestContext {
  /** A fresh namespace for this test, made of `[A-Za-z0-9_-]`. */
  readonly namespace: string;
  /**
   * Options the suite needs to control (all optional for the factory to honour;
   * the suite only relies on them when the capabilities say so).
   */
  readonly overrides?: {
    /** Ask for an adapter whose backend cannot be reached (failure tests). */
    readonly unreachable?: boolean;
    /** Operation timeout in milliseconds for network adapters. */
    readonly timeoutMilliseconds?: number;
  };
}

/** Builds an adapter for one test context. May be async (connecting, mkdir). */
export type AdapterFactory<A extends CacheAdapter = CacheAdapter> = (
  context: AdapterTestContext,
) => A | Promise<A>;
