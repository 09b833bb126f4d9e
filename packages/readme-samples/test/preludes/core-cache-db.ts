// packages/core/README.md, "The runtime": a cache and the app's database.
interface User {
  id: number;
  name: string;
  accountId: number;
}
declare const cache: import('@pc/core').Cache;
declare const db: {
  findUser(id: number): Promise<User | undefined>;
  findUsers(keys: readonly string[]): Promise<User[]>;
  updateUser(id: number, patch: Partial<User>): Promise<void>;
};
declare const patch: Partial<User>;
