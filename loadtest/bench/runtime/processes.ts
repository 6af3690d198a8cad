import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { REPO_ROOT } from '@app/emulator';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMillisOf, memoryOf } from './proc-stats';

/** True when `url` answers with a status below 500. */
export async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

/**
 * A child process of the bench, its output in a log file. It samples its own
 * resident memory, so the peak of a phase is known even on systems where
 * VmHWM is missing; on Linux VmHWM also catches spikes between samples.
 */
export class ManagedProcess {
  private peakMiB = 0;
  private readonly sampler: NodeJS.Timeout;
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
    this.sampler = setInterval(() => this.sample(), 250);
    this.sampler.unref();
    void this.exited.then(() => clearInterval(this.sampler));
  }

  static start(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    logFile: string,
  ): ManagedProcess {
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const started = new ManagedProcess(name, child, logFile);
    RUNNING.add(started);
    void started.exited.then(() => RUNNING.delete(started));
    return started;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** CPU milliseconds used so far by the process and its children (Linux; undefined elsewhere). */
  cpuMillis(): number | undefined {
    return this.running ? cpuMillisOf(this.pid) : undefined;
  }

  /** Resident memory now, in MiB. */
  rssMiB(): number | undefined {
    return this.running ? memoryOf(this.pid)?.rssMiB : undefined;
  }

  /** Highest resident memory seen so far, in MiB. */
  peakMemoryMiB(): number {
    this.sample();
    return this.peakMiB;
  }

  /** Waits until `url` answers, failing early with the log's tail if the process dies. */
  async waitUntilReady(url: string, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await answers(url))) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready; log:\n${this.logTail()}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not answer ${url} in ${timeoutMs} ms; log:\n${this.logTail()}`);
      await sleep(100);
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    this.sample();
    clearInterval(this.sampler);
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private sample(): void {
    if (!this.running) return;
    const memory = memoryOf(this.pid);
    if (memory) this.peakMiB = Math.max(this.peakMiB, memory.rssMiB || 0, memory.peakMiB || 0);
  }
}

const RUNNING = new Set<ManagedProcess>();

/** Kills whatever the bench started and is still running (on Ctrl-C or an error). */
export async function stopAll(): Promise<void> {
  await Promise.all([...RUNNING].map((p) => p.stop(2000)));
}
