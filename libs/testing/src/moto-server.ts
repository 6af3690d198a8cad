import { ChildProcess, spawn } from 'node:child_process';
import { EMULATOR_HEALTH_PATH, emulatorCommand, freePort, waitForHttp } from '@app/emulator';

/** A moto server of the spec's own on a free port, started by the one launcher; stop() it in afterAll. */
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
    const { command, args } = emulatorCommand('moto', this.port);
    this.process = spawn(command, args, { stdio: 'ignore' });
    await waitForHttp(`${this.endpoint}${EMULATOR_HEALTH_PATH.moto}`);
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
