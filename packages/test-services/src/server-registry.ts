import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEMP_PREFIX = 'pc-test-services-';
const OWNER_FILE = 'owner.json';
const PID_SUFFIX = '.pid';

const livePids = new Set<number>();
const liveDirectories = new Set<string>();
let exitHookInstalled = false;

// A test process that exits without stopping its servers (a forgotten stop(), an
// uncaught error) must not leave them running: kill synchronously on the way out.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killEverythingSync);
}

/** SIGKILLs every server this process started and removes their temp dirs. Synchronous. */
export function killEverythingSync(): void {
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  livePids.clear();
  for (const directory of liveDirectories) rmSync(directory, { recursive: true, force: true });
  liveDirectories.clear();
}

/** A fresh temp dir for one service, marked with this process as its owner. */
export async function createServiceDirectory(kind: string): Promise<string> {
  installExitHook();
  const directory = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}${kind}-`));
  writeFileSync(join(directory, OWNER_FILE), JSON.stringify({ ownerPid: process.pid }));
  liveDirectories.add(directory);
  return directory;
}

export function removeServiceDirectory(directory: string): void {
  liveDirectories.delete(directory);
  rmSync(directory, { recursive: true, force: true });
}

/** Records a running server so the exit hook and a later orphan sweep can find it. */
export function registerPid(directory: string, name: string, pid: number): void {
  livePids.add(pid);
  writeFileSync(join(directory, `${name}${PID_SUFFIX}`), String(pid));
}

export function unregisterPid(pid: number): void {
  livePids.delete(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isOurServerBinary(pid: number): boolean {
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /(^|\/)(redis-server|memcached)\b/.test(commandLine);
  } catch {
    return false;
  }
}

/**
 * Kills servers left behind by test runs that died without cleaning up (SIGKILL,
 * OOM) and removes their temp dirs. Only touches dirs whose owner process is gone,
 * so concurrent runs are safe. Returns how many processes it killed.
 */
export function reapOrphanedServers(): number {
  let killed = 0;
  let entries: string[];
  try {
    entries = readdirSync(tmpdir()).filter((entry) => entry.startsWith(TEMP_PREFIX));
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const directory = join(tmpdir(), entry);
    const ownerFile = join(directory, OWNER_FILE);
    if (!existsSync(ownerFile)) continue;
    let ownerPid: number;
    try {
      ownerPid = Number(JSON.parse(readFileSync(ownerFile, 'utf8')).ownerPid);
    } catch {
      continue;
    }
    if (!Number.isInteger(ownerPid) || isAlive(ownerPid)) continue;
    for (const file of readdirSync(directory).filter((name) => name.endsWith(PID_SUFFIX))) {
      const pid = Number(readFileSync(join(directory, file), 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isOurServerBinary(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
          killed += 1;
        } catch {
          // raced with its own exit
        }
      }
    }
    rmSync(directory, { recursive: true, force: true });
  }
  return killed;
}
