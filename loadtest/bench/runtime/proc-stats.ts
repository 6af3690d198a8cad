/**
 * What Linux's /proc says about a process the bench started: CPU time
 * (utime + stime of /proc/<pid>/stat), resident memory (/proc/<pid>/status) and
 * its children (an emulator may run as several processes). Elsewhere every
 * reading is undefined and the report says "not measured".
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may
 * hold spaces or parentheses itself, so fields are counted after the last ")".
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const end = text.lastIndexOf(')');
  if (end < 0) return undefined;
  // After ")": field 3 (state) is index 0, so field n is index n - 3.
  const fields = text
    .slice(end + 2)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[4 - 3]);
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (![ppid, utime, stime].every(Number.isFinite)) return undefined;
  return { ppid, cpuTicks: utime + stime };
}

/** VmRSS and VmHWM (peak) of /proc/<pid>/status, in MiB. */
export function parseProcStatus(text: string): { rssMiB: number; peakMiB: number } {
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  const text = read(`/proc/${pid}/status`);
  return text === undefined ? undefined : parseProcStatus(text);
}

let ticksPerSecond: number | undefined;
/** USER_HZ (almost always 100), from getconf. */
function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** `root` and every process below it (from each process's ppid). */
export function processTree(root: number, stats: ReadonlyMap<number, ProcStat>): number[] {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, stat] of stats) if (stat.ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree.filter((pid) => stats.has(pid));
}

function allStats(): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return stats;
  }
  for (const pid of pids) {
    const stat = parseProcStat(read(`/proc/${pid}/stat`) ?? '');
    if (stat) stats.set(Number(pid), stat);
  }
  return stats;
}

/**
 * CPU milliseconds used so far by the process `pid` and its live descendants.
 * A child that exited takes its time with it, so measure between two readings
 * of processes that live through the phase.
 */
export function cpuMillisOf(pid: number): number | undefined {
  const stats = allStats();
  if (!stats.has(pid)) return undefined;
  const ticks = processTree(pid, stats).reduce((sum, p) => sum + stats.get(p)!.cpuTicks, 0);
  return (ticks * 1000) / clockTicksPerSecond();
}
