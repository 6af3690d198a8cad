import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, REPO_ROOT } from '@app/emulator';
import { testOrder, waitFor } from '@app/testing';

/** The processes descended from `root` (whatever their process group): pid and command line. */
function descendants(root: number): { pid: number; args: string }[] {
  const all = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const found: { pid: number; args: string }[] = [];
  for (let parents = [root]; parents.length > 0;) {
    const children = all.filter((p) => parents.includes(p.ppid));
    found.push(...children.map(({ pid, args }) => ({ pid, args })));
    parents = children.map((p) => p.pid);
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `npm run local` as a user starts it in a terminal: its own process group (Ctrl-C signals the
 * whole group), its output collected line by line.
 */
class LocalSystem {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn('npm', ['run', 'local'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((ok) => this.child.once('exit', (code, signal) => ok({ code, signal })));
    for (const stream of [this.child.stdout!, this.child.stderr!])
      createInterface({ input: stream }).on('line', (line) => this.output.push(line));
  }

  get pid(): number {
    return this.child.pid!;
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

  appPid(app: 'order-receiver' | 'order-processor'): number | undefined {
    return descendants(this.pid).find((p) => p.args.includes(`dist/apps/${app}/src/main.js`))?.pid;
  }

  /** Ctrl-C in the terminal: SIGINT to the whole foreground process group. */
  interrupt(): void {
    process.kill(-this.pid, 'SIGINT');
  }

  /** afterAll: whatever is left is killed. */
  kill(): void {
    for (const pid of [this.pid, ...descendants(this.pid).map((p) => p.pid)]) {
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

/**
 * `npm run local` survives what it demonstrates: a processor killed with kill -9 is restarted
 * (the emulator and every order in it stay), and Ctrl-C still stops everything.
 */
describe('npm run local supervises the apps', () => {
  let local: LocalSystem;
  let receiver: string;
  let processor: string;

  beforeAll(async () => {
    const [port, processorPort, motoPort, dynamoPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    receiver = `http://127.0.0.1:${port}`;
    processor = `http://127.0.0.1:${processorPort}`;
    local = new LocalSystem({
      PORT: String(port),
      PROCESSOR_PORT: String(processorPort),
      MOTO_PORT: String(motoPort),
      DYNAMODB_PORT: String(dynamoPort),
      // Long enough that orders are in flight at the kill; short lease, so they are taken over soon.
      PROCESSING_TIME_MS: '2000',
      VISIBILITY_TIMEOUT_SECONDS: '3',
      // The emulator keeps serving a killed process's long polls until they time out: below the
      // visibility timeout, so none of them takes (and hides again) an order that lapsed.
      SQS_WAIT_TIME_SECONDS: '1',
    });
    await local.waitForLine(/^\s*Ready\.$/, 240000);
  }, 300000);

  afterAll(() => local?.kill());

  it('restarts a killed processor; every accepted order completes; Ctrl-C stops every process', async () => {
    const orderIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${receiver}/orders/async`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(testOrder()),
      });
      expect(res.status).toBe(202);
      orderIds.push(((await res.json()) as { orderId: string }).orderId);
    }
    const status = async (id: string) =>
      ((await (await fetch(`${receiver}/orders/${id}`)).json()) as { status: string }).status;

    // kill -9 while the processor works on an order.
    await waitFor(
      async () => ((await Promise.all(orderIds.map(status))).includes('PROCESSING') ? true : undefined),
      30000,
      'an order in PROCESSING',
    );
    const killed = local.appPid('order-processor');
    expect(killed).toBeDefined();
    process.kill(killed!, 'SIGKILL');

    await local.waitForLine(/order-processor .*restarting in \d+(\.\d+)?s/, 30000);
    await local.waitForLine(/order-processor is up again/, 60000);
    const restarted = local.appPid('order-processor');
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(killed);
    // The apps run on the Node.js major of .nvmrc, as the images do.
    expect(await (await fetch(`${processor}/metrics`)).text()).toMatch(/nodejs_version_info\{version="v22\./);

    for (const id of orderIds)
      await waitFor(
        async () => ((await status(id)) === 'COMPLETED' ? true : undefined),
        60000,
        `${id} COMPLETED`,
      );

    const started = descendants(local.pid);
    // moto for SNS and SQS, DynamoDB in a ministack of its own (scripts/lib.sh start_backend).
    for (const name of ['moto-server.py', 'ministack', 'order-receiver', 'order-processor'])
      expect(started.some((p) => p.args.includes(name))).toBe(true);
    local.interrupt();
    const { code, signal } = await local.exited;
    // The script ends 0; npm itself, having received the Ctrl-C, then ends by SIGINT (shells show 130).
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    expect(local.text()).toMatch(/› stopping/);
    expect(local.text()).not.toMatch(/✗/);
    expect(local.output.filter((l) => /restarting in/.test(l))).toHaveLength(1);
    await waitFor(
      async () => (started.some((p) => alive(p.pid)) ? undefined : true),
      15000,
      'no process left',
    );
  });
});
