import { createRequire } from 'node:module';
import type { Cluster, RedisKey } from 'ioredis';

// cluster-key-slot is the CRC16 ioredis itself routes with; it ships no types.
const require = createRequire(import.meta.url);
const calculateSlot = require('cluster-key-slot') as (key: string | Buffer) => number;

/** Keys that share one cluster slot, with their positions in the caller's input. */
export interface SlotBatch {
  readonly keys: RedisKey[];
  readonly indices: number[];
}

/**
 * Groups keys by cluster slot (a multi-key command must stay within one slot, or
 * Redis answers CROSSSLOT), then groups the slots by the node set serving them
 * (an ioredis cluster pipeline must target one node). One pipeline per returned
 * group is one round trip per node.
 */
export function slotBatchesByNode(cluster: Cluster, keys: readonly RedisKey[]): SlotBatch[][] {
  const bySlot = new Map<number, SlotBatch>();
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const slot = calculateSlot(key as string | Buffer);
    const batch = bySlot.get(slot);
    if (batch === undefined) bySlot.set(slot, { keys: [key], indices: [index] });
    else {
      batch.keys.push(key);
      batch.indices.push(index);
    }
  }
  const byNode = new Map<number, SlotBatch[]>();
  for (const [slot, batch] of bySlot) {
    // An unassigned slot (cluster down) goes to group -1; the node answers with an error.
    const group = cluster._groupsBySlot[slot] ?? -1;
    const batches = byNode.get(group);
    if (batches === undefined) byNode.set(group, [batch]);
    else batches.push(batch);
  }
  return [...byNode.values()];
}

/** The cluster slot of a key (CRC16 of the key or of its `{hash tag}`). */
export function keySlot(key: string | Buffer): number {
  return calculateSlot(key);
}
