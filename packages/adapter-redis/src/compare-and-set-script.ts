import type { ChainableCommander, Cluster, Redis, RedisKey } from 'ioredis';

/**
 * The ioredis command name the script is defined under. Versioned, so an
 * injected client shared with another pc version (or with the application)
 * never runs a different script under this name.
 */
const COMMAND = 'pcCompareAndSetV1';

/**
 * How long a staged value lives if the script never runs (the client died between
 * the two commands), in milliseconds. The script gives the moved value its real
 * expiry.
 */
const STAGED_TTL_MILLISECONDS = 60_000;

/*
 * KEYS[1] is the entry's key. KEYS[2], when given, holds the new value, staged by
 * a SET just before in the same pipeline (see `stagedKey`); the script then moves
 * it with RENAME instead of receiving it as an argument. Both keys share one slot,
 * so the script is cluster-safe; it is atomic: Redis runs it to its end before any
 * other command, eviction or expiry.
 *
 * ARGV[1] now: the client's Date.now(), for the expiry header of the current value.
 * ARGV[2] the format of the expected payload ('s' or 'j', see entry-codec.ts), or
 *         '' for an add (store only when no live entry is there).
 * ARGV[3] the expected payload in that format (the stored text after '|').
 * ARGV[4] the encoded value to store; '' to remove the current entry instead
 *         (or when KEYS[2] holds the value).
 * ARGV[5] the TTL in milliseconds for PX, or '' for no expiry (a plain SET, or
 *         PERSIST, also drops the TTL of the value replaced).
 *
 * A value counts as live as decodeEntry reads it: pc's shape, and its header
 * expiry (if any) after now; anything else (no value, another type, another
 * application's string, an entry expired by its header) counts as absent.
 * Payloads are compared in their stored form: encodeEntry writes one form per
 * payload, so equal stored forms are equal payloads and the other way round.
 *
 * Large strings are kept out of Lua: Redis' Lua hashes every byte of every string
 * it creates (about 13 ns per byte, with the server blocked), so the script reads
 * the header with GETRANGE and the length with STRLEN, fetches the body only when
 * the lengths match, and moves large new values instead of taking them as ARGV.
 * The header is the format letter, at most 24 characters of String(expiresAt) and
 * '|': it fits in the first 64 bytes.
 *
 * Returns 1 when the value was stored, 0 otherwise.
 */
const LUA = `
local key = KEYS[1]
local staged = KEYS[2]
local function refuse()
  if staged then redis.call('UNLINK', staged) end
  return 0
end
local head = redis.pcall('GETRANGE', key, 0, 63)
local live = false
local format
local separator
if type(head) == 'string' then
  format = string.sub(head, 1, 1)
  separator = string.find(head, '|', 2, true)
  if separator ~= nil and (format == 's' or format == 'j') then
    if separator == 2 then
      live = true
    else
      local expires_at = tonumber(string.sub(head, 2, separator - 1))
      live = expires_at ~= nil and expires_at > tonumber(ARGV[1])
    end
  end
end
if ARGV[2] == '' then
  if live then return refuse() end
else
  if not live or format ~= ARGV[2] then return refuse() end
  local expected = ARGV[3]
  if redis.call('STRLEN', key) - separator ~= #expected then return refuse() end
  local body
  if separator + #expected <= #head then
    body = string.sub(head, separator + 1)
  else
    body = redis.call('GETRANGE', key, separator, -1)
  end
  if body ~= expected then return refuse() end
end
if staged then
  -- Evicted between the SET and the script: nothing to store.
  if redis.call('EXISTS', staged) == 0 then return 0 end
  redis.call('RENAME', staged, key)
  if ARGV[5] == '' then
    redis.call('PERSIST', key)
  else
    redis.call('PEXPIRE', key, ARGV[5])
  end
  return 1
end
if ARGV[4] == '' then
  redis.call('UNLINK', key)
  return 0
end
if ARGV[5] == '' then
  redis.call('SET', key, ARGV[4])
else
  redis.call('SET', key, ARGV[4], 'PX', ARGV[5])
end
return 1
`;

/** One prepared item: what the script needs, and the staged SET when there is one. */
export interface CompareAndSetCall {
  readonly redisKey: RedisKey;
  /** Where the value is staged; `undefined`: the value goes as an argument. */
  readonly stagedKey: RedisKey | undefined;
  /** The encoded value, or `undefined` when the item removes the entry. */
  readonly value: string | undefined;
  /** The script's ARGV (see above); ARGV[4] is '' when the value is staged. */
  readonly argv: readonly [
    now: string,
    expectedFormat: string,
    expectedBody: string,
    value: string,
    ttlMilliseconds: string,
  ];
}

type ScriptCommand = (numberOfKeys: number, ...args: RedisKey[]) => unknown;

/**
 * Defines the script on a client (once per client): ioredis then sends EVALSHA,
 * EVAL on a connection's first use, and again after NOSCRIPT (a restarted or
 * flushed server), in pipelines too.
 */
export function defineCompareAndSet(client: Redis | Cluster): void {
  if (typeof (client as unknown as Record<string, unknown>)[COMMAND] === 'function') return;
  // numberOfKeys given per call: 1, or 2 with a staged value.
  client.defineCommand(COMMAND, { lua: LUA });
}

/**
 * Queues one item on a pipeline: the staged SET (if any), then the script.
 * @returns how many replies it queued; the script's reply (1 when stored) is the last.
 */
export function queueCompareAndSet(pipeline: ChainableCommander, call: CompareAndSetCall): number {
  const command = (pipeline as unknown as Record<string, ScriptCommand>)[COMMAND]!;
  if (call.stagedKey === undefined) {
    command.call(pipeline, 1, call.redisKey, ...call.argv);
    return 1;
  }
  pipeline.set(call.stagedKey, call.value!, 'PX', STAGED_TTL_MILLISECONDS);
  command.call(pipeline, 2, call.redisKey, call.stagedKey, ...call.argv);
  return 2;
}

/** Runs the script for one item whose value is not staged. @returns `true` when stored. */
export async function sendCompareAndSet(
  client: Redis | Cluster,
  call: CompareAndSetCall,
): Promise<boolean> {
  const command = (client as unknown as Record<string, ScriptCommand>)[COMMAND]!;
  return (await command.call(client, 1, call.redisKey, ...call.argv)) === 1;
}
