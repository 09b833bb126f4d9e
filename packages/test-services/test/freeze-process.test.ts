import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freezeProcess, startMemcached, thawProcess } from '../src/index.js';
import { sendCommand } from '../src/send-command.js';

describe('freezeProcess', () => {
  it('resolves once the server is stopped, and thawProcess lets it answer again', async () => {
    const server = await startMemcached();
    try {
      await freezeProcess(server.pid);
      const state = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
      expect(state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3)).toBe('T');
      thawProcess(server.pid);
      expect(await sendCommand(server.port, 'version', (reply) => reply.endsWith('\r\n'))).toMatch(
        /^VERSION /,
      );
    } finally {
      await server.stop();
    }
  });
});
