import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = resolve(__dirname, '../../..');
const VENV_PYTHON = resolve(REPO_ROOT, '.venv/bin/python');
/** moto with DynamoDB item writes serialised as on DynamoDB (see the script's header). */
const MOTO_LAUNCHER = resolve(REPO_ROOT, 'scripts/moto-server.py');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

export async function waitForHttp(url: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A moto server of the test's own on a free port; stop() it in afterAll. */
export class MotoServer {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(port?: number): Promise<MotoServer> {
    const server = new MotoServer(port ?? (await freePort()));
    await server.restart();
    return server;
  }

  /** Starts (again) on the same port: state is lost, as with a real emulator restart. */
  async restart(): Promise<void> {
    const args = ['-H', '127.0.0.1', '-p', String(this.port)];
    this.process = spawn(VENV_PYTHON, [MOTO_LAUNCHER, ...args], { stdio: 'ignore' });
    await waitForHttp(`${this.endpoint}/moto-api/`);
  }

  /**
   * Freezes the server (SIGSTOP): connections still open (the kernel accepts
   * them) but nothing answers, as with a hung dependency. State is kept.
   */
  pause(): void {
    this.signal('SIGSTOP');
  }

  /** Lets a paused server answer again (SIGCONT), with its state intact. */
  resume(): void {
    this.signal('SIGCONT');
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.process || this.process.exitCode !== null) throw new Error('the moto server is not running');
    this.process.kill(signal);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGKILL');
    await exited;
  }
}
