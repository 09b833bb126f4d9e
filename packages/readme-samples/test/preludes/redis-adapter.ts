// packages/adapter-redis/README.md, "Conditional writes": an adapter created as in "Example".
import type { RedisAdapter } from '@pc/adapter-redis';

declare const adapter: RedisAdapter;
