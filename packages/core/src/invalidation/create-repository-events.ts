import type { InvalidateAction, InvalidateEvent } from '../contracts/invalidate-event.js';
import type { InvalidatorRegistry } from './invalidator-registry.js';
import type {
  RepositoryEventInput,
  RepositoryEventSource,
  RepositoryEvents,
} from './repository-events.js';

/**
 * The repository helper: wraps writes so their invalidate events reach the
 * registry only after the write succeeded.
 * ```ts
 * const events = createRepositoryEvents(registry);
 * await events.onUpdate({ entity: 'acl', ids: [accountId] }, () => db.grant(accountId, grant));
 * await events.onCreate((id) => ({ entity: 'content', ids: [id] }), () => db.insertContent(draft));
 * ```
 */
export function createRepositoryEvents<Event extends InvalidateEvent>(
  registry: Pick<InvalidatorRegistry<Event>, 'dispatch'>,
): RepositoryEvents<Event> {
  const run = async <Result>(
    action: InvalidateAction,
    source: RepositoryEventSource<Event, InvalidateAction, Result>,
    write: () => Promise<Result>,
  ): Promise<Result> => {
    const result = await write();
    const input = (typeof source === 'function' ? source(result) : source) as RepositoryEventInput<
      Event,
      InvalidateAction
    >;
    await registry.dispatch({ ...input, action } as unknown as Event);
    return result;
  };
  return {
    onCreate: (event, write) => run('create', event, write),
    onUpdate: (event, write) => run('update', event, write),
    onDelete: (event, write) => run('delete', event, write),
    async emit(events) {
      await registry.dispatch(events);
    },
  };
}
