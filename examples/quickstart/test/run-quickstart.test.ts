import { expect, it } from 'vitest';
import { runQuickstart } from '../src/run-quickstart.js';

it('runs the demo and prints each step with its outcome', async () => {
  const lines: string[] = [];
  await runQuickstart((line) => lines.push(line));
  const output = lines.join('\n');

  expect(output).toContain("get user:42 -> { name: 'Ada', roles: Set(1) { 'admin' }");
  expect(output).toMatch(
    /after mutating what we read, get user:42 -> roles Set\(1\) \{ 'admin' \}/,
  );
  expect(output).toContain('get unread:42 -> 0 (hit)');
  expect(output).toContain("get banner:42 -> '' (hit)");
  expect(output).toContain('get never-set -> undefined (miss)');
  expect(output).toContain('invalidateTags([account:7])');
  expect(output).toContain('get user:42 -> undefined (miss)');
  expect(output).toContain('get team:7 -> undefined (miss)');
  expect(output).toContain('get unread:42 -> 0 (hit: it had no tag)');
  expect(output).toContain("get -> '123456' (hit)");
  expect(output).toContain('get otp:42 -> undefined (miss)');
  expect(output).toContain(
    'sessions.getMany([def, abc, zzz]) -> [ { userId: 43 }, { userId: 42 }, undefined ]',
  );
  expect(output).toContain('sessions.clear(); sessions.get(abc) -> undefined');
  expect(output).toContain('the root cache is untouched: get unread:42 -> 0');
  expect(output).toMatch(/store: \d+ entries, \d+ bytes/);
  expect(lines.at(-1)).toMatch(/^done:/);
});
