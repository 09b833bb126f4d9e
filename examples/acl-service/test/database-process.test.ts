import { afterAll, beforeAll, expect, it } from 'vitest';
import { AclDatabase } from '../src/database/acl-database.js';
import { DatabaseUnavailableError } from '../src/database/database-connection.js';
import { type DatabaseProcess, startDatabaseProcess } from '../src/database/database-process.js';

// The database runs in its own process (PGlite behind a loopback socket); two
// connections stand for two service instances sharing it.
let database: DatabaseProcess;
let first: AclDatabase;
let second: AclDatabase;

beforeAll(async () => {
  database = await startDatabaseProcess();
  first = await AclDatabase.connect(database.url);
  second = await AclDatabase.connect(database.url);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await database?.stop();
});

const groupName = async (db: AclDatabase, id: number) =>
  (await db.uncounted.query<{ name: string }>('select name from groups where id = $1', [id]))[0]
    ?.name;

it('a commit is seen by every connection; a rollback leaves nothing', async () => {
  await first.transaction((tx) => tx.query("update groups set name = 'committed' where id = 1"));
  expect(await groupName(second, 1)).toBe('committed');

  await expect(
    first.transaction(async (tx) => {
      await tx.query("update groups set name = 'rolled back' where id = 2");
      throw new Error('abort');
    }),
  ).rejects.toThrow('abort');
  expect(await groupName(second, 2)).not.toBe('rolled back');
});

it('a statement of another connection waits for an open transaction instead of seeing it', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let updated!: () => void;
  const inside = new Promise<void>((resolve) => {
    updated = resolve;
  });
  const transaction = first.transaction(async (tx) => {
    await tx.query("update groups set name = 'pending' where id = 3");
    updated();
    await gate;
  });
  await inside;
  const read = groupName(second, 3);
  release();
  await transaction;
  expect(await read).toBe('pending');
});

it('counts the statements a connection runs, and its outage refuses them for a while', async () => {
  const before = first.queryCount;
  await first.query('select 1');
  await first.transaction(async (tx) => {
    await tx.query('select 1');
    await tx.query('select 2');
  });
  expect(first.queryCount - before).toBe(3);

  await first.simulateOutage(60_000);
  await expect(second.query('select 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  await first.simulateOutage(1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await second.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
});
