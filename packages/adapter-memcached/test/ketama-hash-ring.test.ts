import { describe, expect, it } from 'vitest';
import { KetamaHashRing } from '../src/ketama-hash-ring.js';

/*
 * The ring must place keys exactly where the `memcached` 2.2.2 client placed them
 * (hashring 3.2, ketama compatibility), or replacing the client would move keys of
 * existing pools to other servers. Expected placements were recorded from that
 * client's `HashRing.get` for `pc:default:=key-0` ... `key-63`; a digit is the
 * index of the server in the list. A check over 100,000 keys and five pool shapes
 * found no difference when the ring was written.
 */
const RECORDED = [
  {
    servers: ['127.0.0.1:11211', '127.0.0.1:11212', '127.0.0.1:11213'],
    placements: '0211000221120001221012102120012202011120101202101000210120121020',
  },
  {
    // Both on the default port: hashed by host alone.
    servers: ['10.0.0.5:11211', '10.0.0.6:11211'],
    placements: '0001011111011111011000011100101100100110001101111101000101000011',
  },
  {
    servers: { '127.0.0.1:4000': 2, '127.0.0.1:4001': 1, '127.0.0.1:4002': 3 },
    placements: '2011000200212010022221022010010122122202100102000002212002022221',
  },
] as const;

describe('the ketama ring', () => {
  it.each(RECORDED)(
    'places keys as the memcached 2.2.2 client did on $servers',
    ({ servers, placements }) => {
      const ring = new KetamaHashRing(servers);
      const list = Array.isArray(servers) ? servers : Object.keys(servers);
      const placed = Array.from({ length: 64 }, (_, index) =>
        list.indexOf(ring.get(`pc:default:=key-${index}`)),
      ).join('');
      expect(placed).toBe(placements);
    },
  );

  it('moves about a quarter of the keys when a fourth server joins three', () => {
    const three = new KetamaHashRing(['10.0.0.1:11211', '10.0.0.2:11211', '10.0.0.3:11211']);
    const four = new KetamaHashRing([
      '10.0.0.1:11211',
      '10.0.0.2:11211',
      '10.0.0.3:11211',
      '10.0.0.4:11211',
    ]);
    const keys = Array.from({ length: 10_000 }, (_, index) => `key-${index}`);
    const moved = keys.filter((key) => three.get(key) !== four.get(key));
    // Every moved key goes to the new server.
    expect(moved.every((key) => four.get(key) === '10.0.0.4:11211')).toBe(true);
    expect(moved.length / keys.length).toBeGreaterThan(0.15);
    expect(moved.length / keys.length).toBeLessThan(0.35);
  });
});
