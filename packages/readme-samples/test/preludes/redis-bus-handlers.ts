// packages/adapter-redis/README.md, "Invalidation bus": what an app does with a message.
import type { BusMessage } from '@pc/core';

declare function dropFromL1(message: BusMessage): void;
declare function flushL1(): void;
declare const processId: string;
