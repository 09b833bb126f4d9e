import { describe, expect, it } from 'vitest';
import { startRedisCluster } from '../src/index.js';
import { bulkBody, isCompleteBulkReply, sendCommand } from '../src/send-command.js';
import { directoryExists, isProcessAlive, redisPing } from './helpers.js';

describe('startRedisCluster', () => {
  it('starts 3 masters that all report cluster_state:ok, and stop() ends them', async () => {
    const cluster = await startRedisCluster();
    try {
      expect(cluster.ports).toHaveLength(3);
      expect(new Set(cluster.ports).size).toBe(3);
      for (const port of cluster.ports) {
        const info = bulkBody(await sendCommand(port, 'CLUSTER INFO', isCompleteBulkReply));
        expect(info).toContain('cluster_state:ok');
        expect(info).toContain('cluster_slots_assigned:16384');
        expect(info).toContain('cluster_known_nodes:3');
      }
      const nodes = bulkBody(
        await sendCommand(cluster.ports[0]!, 'CLUSTER NODES', isCompleteBulkReply),
      );
      expect(
        nodes
          .trim()
          .split('\n')
          .filter((line) => line.includes('master')),
      ).toHaveLength(3);
    } finally {
      const { pids, nodes } = cluster;
      await cluster.stop();
      for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
      expect(directoryExists(nodes[0]!.directory)).toBe(false);
      await expect(redisPing(cluster.ports[0]!)).rejects.toThrow();
    }
  });
});
