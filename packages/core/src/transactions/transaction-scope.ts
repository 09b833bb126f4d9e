import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { PendingInvalidations } from './pending-invalidations.js';

/**
 * Transactions of one root cache, tracked per async context with
 * AsyncLocalStorage so concurrent requests never see each other's. A nested
 * transaction folds into its parent on commit; only the outermost commit applies
 * the invalidations; a rollback drops those recorded in its scope.
 */
export class TransactionScope {
  readonly #storage = new AsyncLocalStorage<PendingInvalidations | undefined>();
  readonly #apply: (pending: PendingInvalidations) => Promise<void>;
  readonly #onFirstUse: () => void;
  /** Set once any transaction began: until then reads skip the context lookup. */
  used = false;

  constructor(apply: (pending: PendingInvalidations) => Promise<void>, onFirstUse: () => void) {
    this.#apply = apply;
    this.#onFirstUse = onFirstUse;
  }

  /** The innermost open transaction of the current async context. */
  current(): PendingInvalidations | undefined {
    if (!this.used) return undefined;
    const pending = this.#storage.getStore();
    return pending === undefined || pending.closed ? undefined : pending;
  }

  async run<R>(fn: () => Promise<R> | R): Promise<R> {
    if (typeof fn !== 'function') {
      throw new InvalidOptionsError('[pc:cache] transaction(fn) needs a function');
    }
    this.#markUsed();
    const scope = new PendingInvalidations(this.current());
    let result: R;
    try {
      result = await this.#storage.run(scope, fn);
    } catch (error) {
      scope.closed = true;
      throw error;
    }
    await this.#close(scope);
    return result;
  }

  /** Opens a transaction on the current async context. */
  begin(): void {
    this.#markUsed();
    this.#storage.enterWith(new PendingInvalidations(this.current()));
  }

  async commit(): Promise<void> {
    const scope = this.#innermost('commit');
    this.#storage.enterWith(scope.parent);
    await this.#close(scope);
  }

  rollback(): void {
    const scope = this.#innermost('rollback');
    scope.closed = true;
    this.#storage.enterWith(scope.parent);
  }

  /** Commits `scope`: into its parent, or (outermost) by applying its invalidations. */
  async #close(scope: PendingInvalidations): Promise<void> {
    scope.closed = true;
    if (scope.parent !== undefined) scope.parent.absorb(scope);
    else if (!scope.isEmpty) await this.#apply(scope);
  }

  #markUsed(): void {
    if (this.used) return;
    this.used = true;
    this.#onFirstUse();
  }

  #innermost(what: string): PendingInvalidations {
    const scope = this.current();
    if (scope === undefined) {
      throw new InvalidOptionsError(
        `[pc:cache] ${what}() without an open transaction; call begin() first (or use transaction(fn))`,
      );
    }
    return scope;
  }
}
