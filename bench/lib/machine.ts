/** What the benchmark ran on: cores, memory, CPU model, load, and the versions that matter. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  nproc: number;
  memoryGiB: number;
  cpuModel: string;
  loadAverage1m: number;
  node: string;
  java: string;
  neo4j: string;
  chromium?: string;
  os: string;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

export function machineInfo(neo4jVersion: string, chromiumPath?: string): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) cpuModel = match[1].trim();
  } catch {
    // not Linux
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const info: MachineInfo = {
    nproc: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    node: process.version,
    java: firstLine((java.stderr ?? '') + (java.stdout ?? '')),
    neo4j: `${neo4jVersion} Community`,
    os: `${os.type()} ${os.release()}`,
  };
  if (chromiumPath && fs.existsSync(chromiumPath)) {
    const version = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' });
    info.chromium = firstLine(version.stdout ?? '');
  }
  return info;
}
