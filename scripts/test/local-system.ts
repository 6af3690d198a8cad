import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort, REPO_ROOT, tokenClaims } from '@app/emulator';

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

/** A caller `npm run token` has a token for. */
export type TokenCaller = 'demo' | 'other' | 'admin' | 'service';

/** A token from `npm run token`, with whose it is. */
export interface CallerToken {
  readonly token: string;
  /** The token's `sub`: a customer's customerId (for `service`, the client's id). */
  readonly customerId: string;
  /** What the command printed on stderr. */
  readonly description: string;
}

/**
 * A user's terminal beside `npm run local`: none of the AWS, resource or identity variables this
 * test process may have, so a command finds the emulator only as the banner tells it to.
 */
export function userShellEnvironment(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|ORDERS_|COGNITO_|APP_ENVIRONMENT$)/.test(name)),
  );
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
  private readonly tokens = new Map<TokenCaller, Promise<CallerToken>>();

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

  /** The lines of the ready banner's "Try it", as a user copies them: the token command, then the curl. */
  tryIt(): string[] {
    const start = this.output.findIndex((l) => /^\s*TOKEN=\$\(/.test(l));
    if (start < 0) throw new Error(`the banner shows no TOKEN=$(...) line:\n${this.text()}`);
    // The token line, then the curl with its continuation lines.
    const lines = this.output.slice(start, start + 2);
    while (/\\$/.test(lines.at(-1)!) && start + lines.length < this.output.length)
      lines.push(this.output[start + lines.length]);
    return lines.map((l) => l.trim());
  }

  /**
   * `caller`'s token from the banner's own token command (`npm run --silent token -- demo`, with
   * the variables it shows), run in a user's shell; once per caller.
   */
  token(caller: TokenCaller = 'demo'): Promise<CallerToken> {
    let token = this.tokens.get(caller);
    if (!token) {
      const command = /TOKEN=\$\((.*)\)\s*$/.exec(this.tryIt()[0])![1].replace(/-- demo$/, `-- ${caller}`);
      token = promisify(execFile)('bash', ['-c', command], {
        cwd: REPO_ROOT,
        env: userShellEnvironment(),
      }).then(({ stdout, stderr }) => ({
        token: stdout.trim(),
        customerId: String(tokenClaims(stdout.trim()).sub),
        description: stderr.trim(),
      }));
      this.tokens.set(caller, token);
    }
    return token;
  }

  /** POST /orders/async of `order`, with `token` as its bearer token unless it is undefined. */
  submit(order: object, token: string | undefined): Promise<Response> {
    return fetch(`${this.receiverUrl}/orders/async`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(order),
    });
  }

  /** GET /orders/{orderId} with a customer's token: the order as its customer reads it. */
  async order(orderId: string, token: string): Promise<{ status: string; attempts: number }> {
    const res = await fetch(`${this.receiverUrl}/orders/${orderId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.json()) as { status: string; attempts: number };
  }

  /** The environment an app runs with (/proc/<pid>/environ), or undefined when it is not running. */
  appEnvironment(app: 'order-receiver' | 'order-processor'): Record<string, string> | undefined {
    const pid = this.appPid(app);
    if (pid === undefined) return undefined;
    return Object.fromEntries(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter((entry) => entry.includes('='))
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
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
