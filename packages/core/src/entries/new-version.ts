import { randomBytes } from 'node:crypto';

// Unique across processes (random prefix) and within one (counter): a version or
// lease token is never reused, so an entry cannot match a tag that was
// invalidated and re-created, and a fill cannot match a lease that was deleted.
const PROCESS_PREFIX = randomBytes(6).toString('base64url');
let versionCounter = 0;

/** A string never produced before, in any process: tag versions and lease tokens. */
export function newVersion(): string {
  versionCounter += 1;
  return PROCESS_PREFIX + versionCounter.toString(36);
}
