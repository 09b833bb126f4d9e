import { describe, expect, it } from 'vitest';
import { CachedValue } from '../src/burst/cached-value.js';
import { createCache } from '../src/index.js';
import { serializeValue } from '../src/serialization/serialize-value.js';
import { MapAdapter } from './support/map-adapter.js';

/** docs/design.md, invariant 11: no reader changes what another reads. */
describe('values handed out by getOrLoad / getManyOrLoad', () => {
  const item = () => ({ id: 1, tags: ['a', 'b'], author: { name: 'Ada' } });

  it('through L1: one deep-frozen object for every reader, L2 hits included', async () => {
    const adapter = new MapAdapter();
    await createCache({ adapter }).set('k', item());
    const cache = createCache({ adapter });
    // Never called: every read hits.
    const none = async (): Promise<ReturnType<typeof item> | undefined> => undefined;
    const [first, second] = await Promise.all([
      cache.getOrLoad('k', none),
      cache.getOrLoad('k', none),
    ]);
    const third = await cache.getOrLoad('k', none);
    expect(first).toBe(second);
    expect(third).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.tags)).toBe(true);
    expect(Object.isFrozen(first?.author)).toBe(true);
  });

  it('with L1 off: each caller gets its own unfrozen copy, joined loads and L2 hits alike', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    let loads = 0;
    const loader = async () => {
      loads++;
      return item();
    };
    const joined = await Promise.all([cache.getOrLoad('k', loader), cache.getOrLoad('k', loader)]);
    expect(loads).toBe(1);
    const [mine, theirs] = joined as [ReturnType<typeof item>, ReturnType<typeof item>];
    expect(mine).not.toBe(theirs);
    expect(Object.isFrozen(mine)).toBe(false);
    mine.tags.push('changed');
    mine.author.name = 'changed';
    expect(theirs).toEqual(item());

    const hits = (await Promise.all([
      cache.getOrLoad('k', loader),
      cache.getOrLoad('k', loader),
    ])) as Array<ReturnType<typeof item>>;
    expect(loads).toBe(1);
    expect(hits[0]).not.toBe(hits[1]);
    hits[0]!.tags.length = 0;
    expect(hits[1]).toEqual(item());
    expect(await cache.getOrLoad('k', loader)).toEqual(item());
  });

  it('with L1 off: a key asked twice in one getManyOrLoad gives two objects', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    await cache.set('k', item());
    const [a, b] = (await cache.getManyOrLoad(['k', 'k'], async () => new Map())) as Array<
      ReturnType<typeof item>
    >;
    expect(a).toEqual(item());
    expect(a).not.toBe(b);
    a!.id = 2;
    expect(b!.id).toBe(1);
  });

  it('a value shared after its first reader took it leaves that reader its own object', () => {
    const cached = CachedValue.fromBody(serializeValue(item()));
    const first = cached.read() as ReturnType<typeof item>;
    cached.share();
    const shared = cached.read();
    expect(shared).not.toBe(first);
    expect(Object.isFrozen(shared)).toBe(true);
    expect(cached.read()).toBe(shared);
    first.tags.push('mine');
    expect(shared).toEqual(item());
    expect(Object.isFrozen(first)).toBe(false);
  });

  it('values that cannot be frozen stay one copy per reader once shared', () => {
    const cached = CachedValue.fromBody(serializeValue(new Map([['a', new Date(5)]])), true);
    const first = cached.read() as Map<string, Date>;
    first.set('b', new Date(6));
    expect(cached.read()).toEqual(new Map([['a', new Date(5)]]));
    expect(cached.promise).toBeUndefined();
  });
});
