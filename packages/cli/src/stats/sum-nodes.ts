import { hitRatio } from '../format.js';
import type { NodeStats, ServerCounters } from './stats-sample.js';

/** The totals of a sample: each counter summed over the nodes (unknown when a node does not tell). */
export function sumNodes(nodes: readonly NodeStats[]): ServerCounters {
  const sum = (pick: (node: NodeStats) => number | undefined) => {
    let total = 0;
    for (const node of nodes) {
      const value = pick(node);
      if (value === undefined) return undefined;
      total += value;
    }
    return total;
  };
  const hits = sum((node) => node.hits);
  const misses = sum((node) => node.misses);
  return {
    entries: sum((node) => node.entries),
    memoryBytes: sum((node) => node.memoryBytes),
    maxMemoryBytes: sum((node) => node.maxMemoryBytes),
    evictions: sum((node) => node.evictions),
    expired: sum((node) => node.expired),
    hits,
    misses,
    hitRatio: hitRatio(hits, misses),
  };
}
