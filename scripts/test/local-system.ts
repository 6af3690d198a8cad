import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, REPO_ROOT } from '@app/emulator';

/** A process on this machine: pid and command line. */
export interface ProcessInfo {
  pid: number;
  args: string;
}

/** The processes descended from `root` (whatever their process group). */
export function descendants(root: number): ProcessInfo[] {
  const all = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const found: ProcessInfo[] = [];
  for (let parents = [root]; parents.length > 0;) {
    const children = all.filter((p) => parents.includes(p.ppid));
    found.push(...children.map(({ pid, args }) => ({ pid, args })));
    parents = children.map((p) => p.pid);
  }
  return found;
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** True when something accepts connections on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/** How long `npm run local` may take to be ready; specs give their beforeAll a minute more. */
export const READY_TIMEOUT_MS = 240000;

/** The ports `npm run local` listens on, each on a free port so specs run beside each other. */
export interface LocalPorts {
  PORT: number;
  PROCESSOR_PORT: number;
  MOTO_PORT: number;
  DYNAMODB_PORT: number;
}

/**
 * `npm run local` as a user starts it in a terminal: its own process group (Ctrl-C signals the
 * whole group), its output collected line by line, on free ports, its app logs in a directory of
 * its own (LOCAL_LOGS).
 */
export class LocalSystem {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  /** Every process ever seen under it: kill() reaches them even once orphaned. */
  private readonly seen = new Set<number>();

  private constructor(
    readonly ports: LocalPorts,
    readonly logs: string,
    env: Record<string, string>,
  ) {
    this.child = spawn('npm', ['run', 'local'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        LOCAL_LOGS: logs,
        ...env,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((ok) => this.child.once('exit', (code, signal) => ok({ code, signal })));
    for (const stream of [this.child.stdout!, this.child.stderr!])
      createInterface({ input: stream }).on('line', (line) => this.output.push(line));
  }

  /**
   * Starts `npm run local` with these variables and waits until it prints `Ready.` (a first run
   * installs and builds); killed if it is not ready in time.
   */
  static async start(env: Record<string, string> = {}): Promise<LocalSystem> {
    const ports: LocalPorts = {
      PORT: await freePort(),
      PROCESSOR_PORT: await freePort(),
      MOTO_PORT: await freePort(),
      DYNAMODB_PORT: await freePort(),
    };
    const local = new LocalSystem(ports, mkdtempSync(join(tmpdir(), 'local-logs-')), env);
    try {
      await local.waitForLine(/^\s*Ready\.$/, READY_TIMEOUT_MS);
    } catch (error) {
      local.kill();
      throw error;
    }
    return local;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get receiverUrl(): string {
    return `http://127.0.0.1:${this.ports.PORT}`;
  }

  get processorUrl(): string {
    return `http://127.0.0.1:${this.ports.PROCESSOR_PORT}`;
  }

  /** Waits for an output line matching `pattern`; fails at once if `npm run local` ends first. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    let ended: { code: number | null } | undefined;
    void this.exited.then((e) => (ended = e));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.output.find((l) => pattern.test(l));
      if (line !== undefined) return line;
      if (ended) throw new Error(`npm run local exited (${ended.code}) before ${pattern}:\n${this.text()}`);
      if (Date.now() > deadline)
        throw new Error(`no line ${pattern} within ${timeoutMs} ms:\n${this.text()}`);
      await sleep(100);
    }
  }

  /** The processes it started and that still run under it (emulators, supervisors, apps). */
  processes(): ProcessInfo[] {
    const found = descendants(this.pid);
    for (const p of found) this.seen.add(p.pid);
    return found;
  }

  appPid(app: 'order-receiver' | 'order-processor'): number | undefined {
    return this.processes().find((p) => p.args.includes(`dist/apps/${app}/src/main.js`))?.pid;
  }

  /** An app's JSON log lines (LOCAL_LOGS/<app>.log). */
  appLog(app: 'order-receiver' | 'order-processor'): Record<string, unknown>[] {
    return readFileSync(join(this.logs, `${app}.log`), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return { msg: line };
        }
      });
  }

  /** Ctrl-C in the terminal: SIGINT to the whole foreground process group. */
  interrupt(): void {
    process.kill(-this.pid, 'SIGINT');
  }

  /** afterAll: whatever is left is killed. */
  kill(): void {
    for (const pid of [this.pid, ...this.processes().map((p) => p.pid), ...this.seen]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  text(): string {
    return this.output.join('\n');
  }
}
