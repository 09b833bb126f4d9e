import type { ChainableCommander, Cluster, Redis, RedisKey } from 'ioredis';

/**
 * The ioredis command name the script is defined under. Versioned, so an
 * injected client shared with an older pc (or with the application) never runs
 * a different script under this name.
 */
const COMMAND = 'pcCompareAndSetV1';

/*
 * One key per call (KEYS[1]), so it is cluster-safe and atomic: Redis runs a
 * script to its end before any other command, eviction or expiry of that key.
 *
 * ARGV[1] now: the client's Date.now(), for the expiry header of the current value.
 * ARGV[2] the format of the expected payload ('s' or 'j', see entry-codec.ts), or
 *         '' for an add (store only when no live entry is there).
 * ARGV[3] the expected payload in that format (the stored text after '|').
 * ARGV[4] the encoded value to store, or '' to remove the current entry instead.
 * ARGV[5] the TTL in milliseconds for PX, or '' for no expiry (a plain SET also
 *         clears any TTL the old value had).
 *
 * A value counts as live as decodeEntry reads it: pc's shape, and its header
 * expiry (if any) after now; anything else (no value, another type, another
 * application's string, an entry expired by its header) counts as absent.
 * Payloads are compared in their stored form: encodeEntry writes one form per
 * payload, so equal stored forms are equal payloads and the other way round.
 * Returns 1 when the value was stored, 0 otherwise.
 */
const LUA = `
local current = redis.pcall('GET', KEYS[1])
local live = false
local format
local body_start
if type(current) == 'string' then
  format = string.sub(current, 1, 1)
  local separator = string.find(current, '|', 2, true)
  if separator ~= nil and (format == 's' or format == 'j') then
    if separator == 2 then
      live = true
    else
      local expires_at = tonumber(string.sub(current, 2, separator - 1))
      live = expires_at ~= nil and expires_at > tonumber(ARGV[1])
    end
    body_start = separator + 1
  end
end
if ARGV[2] == '' then
  if live then return 0 end
else
  if not live or format ~= ARGV[2] then return 0 end
  local expected = ARGV[3]
  if #current - body_start + 1 ~= #expected then return 0 end
  if string.sub(current, body_start) ~= expected then return 0 end
end
if ARGV[4] == '' then
  redis.call('UNLINK', KEYS[1])
  return 0
end
if ARGV[5] == '' then
  redis.call('SET', KEYS[1], ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
end
return 1
`;

/** The script's arguments after the key: now, expected format, expected body, value, TTL. */
export type CompareAndSetArguments = readonly [
  redisKey: RedisKey,
  now: string,
  expectedFormat: string,
  expectedBody: string,
  value: string,
  ttlMilliseconds: string,
];

type ScriptCommand = (...args: CompareAndSetArguments[number][]) => Promise<number>;

/**
 * Defines the script on a client (once per client): ioredis then sends EVALSHA,
 * EVAL on a connection's first use, and again after NOSCRIPT (a restarted or
 * flushed server), in pipelines too.
 */
export function defineCompareAndSet(client: Redis | Cluster): void {
  if (typeof (client as unknown as Record<string, unknown>)[COMMAND] === 'function') return;
  client.defineCommand(COMMAND, { numberOfKeys: 1, lua: LUA });
}

/** Runs the script for one item. @returns `true` when the value was stored. */
export async function sendCompareAndSet(
  client: Redis | Cluster,
  args: CompareAndSetArguments,
): Promise<boolean> {
  const command = (client as unknown as Record<string, ScriptCommand>)[COMMAND]!;
  return (await command.call(client, ...args)) === 1;
}

/** Queues the script for one item on a pipeline; its reply is 1 when stored. */
export function queueCompareAndSet(
  pipeline: ChainableCommander,
  args: CompareAndSetArguments,
): void {
  const command = (pipeline as unknown as Record<string, ScriptCommand>)[COMMAND]!;
  void command.call(pipeline, ...args);
}
