import { InvalidOptionsError } from '@pc/core';
import { describe, expect, it } from 'vitest';
import { maskUrl, parseConnectionUrls, urlSecrets } from '../src/connection-target.js';

describe('connection URLs', () => {
  it('reads each scheme', () => {
    expect(parseConnectionUrls(['redis://127.0.0.1:6379/2'])).toMatchObject({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379/2',
    });
    expect(
      parseConnectionUrls(['rediss-cluster://ops:p%40ss@10.0.0.1:7000,[::1]:7001']),
    ).toMatchObject({
      kind: 'redis-cluster',
      seeds: [
        { host: '10.0.0.1', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      tls: true,
      username: 'ops',
      password: 'p@ss',
      display: 'rediss-cluster://ops:****@10.0.0.1:7000,[::1]:7001',
    });
    expect(
      parseConnectionUrls(['redis://:pw@127.0.0.1:7000', 'redis://:pw@127.0.0.1:7001']),
    ).toMatchObject({
      kind: 'redis-cluster',
      password: 'pw',
      seeds: [{ port: 7000 }, { port: 7001 }],
    });
    expect(parseConnectionUrls(['memcached://127.0.0.1:11211,127.0.0.1:11212'])).toMatchObject({
      kind: 'memcached',
      servers: ['memcached://127.0.0.1:11211', 'memcached://127.0.0.1:11212'],
    });
    expect(parseConnectionUrls(['file:///var/cache/app'])).toMatchObject({
      kind: 'fs',
      directory: '/var/cache/app',
    });
  });

  it('masks passwords and collects them for scrubbing', () => {
    expect(maskUrl('redis://user:secret@host:6379/0')).toBe('redis://user:****@host:6379/0');
    expect(maskUrl('redis://token@host:6379')).toBe('redis://****@host:6379');
    expect(maskUrl('memcached://host:11211')).toBe('memcached://host:11211');
    expect(urlSecrets(['redis://:s%2Fcret@h:1'])).toEqual(['s%2Fcret', 's/cret']);
  });

  it('rejects what it cannot use with InvalidOptionsError, password masked', () => {
    for (const urls of [
      [],
      ['http://h:80'],
      ['redis-cluster://h'],
      ['redis://h:1', 'file:///x'],
      ['file://relative'],
    ]) {
      expect(() => parseConnectionUrls(urls), JSON.stringify(urls)).toThrow(InvalidOptionsError);
    }
    expect(() => parseConnectionUrls(['ftp://u:topsecret@h'])).toThrow(/u:\*\*\*\*@h/);
  });
});
