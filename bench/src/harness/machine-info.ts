import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { MachineInfo } from './bench-results.js';

/** The machine this process runs on. */
export function readMachineInfo(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGibibytes: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${platform()} ${release()}`,
    nodeVersion: process.version,
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}
