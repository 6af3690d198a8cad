import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, waitForHttp } from '@app/emulator';

export type AppName = 'order-receiver' | 'order-processor';

/** A JSON log line of an app. */
export type LogLine = Record<string, unknown> & { msg?: string; orderId?: string };

/**
 * One of the built apps (`npm run build`) as a real process, for tests that
 * must kill it: its JSON log lines are collected as they arrive.
 */
export class AppProcess {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: AppName,
    /** The HTTP port it listens on. */
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        this.logs.push({ msg: line });
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) =>
      this.logs.push({ msg: line, stderr: true }),
    );
  }

  /** Starts the app and waits until its liveness route answers on `port`. */
  static async start(name: AppName, env: Record<string, string>, port: number): Promise<AppProcess> {
    const main = resolve(REPO_ROOT, `dist/apps/${name}/src/main.js`);
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...env, [name === 'order-receiver' ? 'PORT' : 'PROCESSOR_PORT']: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(name, port, child);
    const failed = app.exited.then(({ code }) => {
      throw new Error(`${name} exited with ${code} before it was ready:\n${app.logText()}`);
    });
    await Promise.race([waitForHttp(`http://127.0.0.1:${port}/health/live`, 30000), failed]);
    return app;
  }

  /** Its base URL, e.g. `${app.url}/metrics`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Log lines with this message (and order id, when given). */
  lines(msg: string, orderId?: string): LogLine[] {
    return this.logs.filter((l) => l.msg === msg && (orderId === undefined || l.orderId === orderId));
  }

  async waitForLines(msg: string, count: number, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines(msg).length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} "${msg}" lines, saw ${this.lines(msg).length}`);
      await sleep(50);
    }
  }

  logText(): string {
    return this.logs.map((l) => JSON.stringify(l)).join('\n');
  }

  /** Ends the process if it still runs (afterAll). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
