import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@app/emulator';
import { testOrder, waitFor } from '@app/testing';
import { alive, CallerToken, LocalSystem, READY_TIMEOUT_MS, userShellEnvironment } from './test/local-system';

/**
 * `npm run local` runs the receiver with authentication on, and its banner shows how to call it:
 * `npm run token -- demo` and a curl with that token. It survives what it demonstrates: a
 * processor killed with kill -9 is restarted (the emulator and every order in it stay), and
 * Ctrl-C still stops everything.
 */
describe('npm run local supervises the apps', () => {
  let local: LocalSystem;
  let processor: string;
  let demo: CallerToken;

  beforeAll(async () => {
    local = await LocalSystem.start({
      // Long enough that orders are in flight at the kill; short lease, so they are taken over soon.
      PROCESSING_TIME_MS: '2000',
      VISIBILITY_TIMEOUT_SECONDS: '3',
      // The emulator keeps serving a killed process's long polls until they time out: below the
      // visibility timeout, so none of them takes (and hides again) an order that lapsed.
      SQS_WAIT_TIME_SECONDS: '1',
    });
    processor = local.processorUrl;
    demo = await local.token('demo');
  }, READY_TIMEOUT_MS + 60000);

  afterAll(() => local?.kill());

  it("accepts an order with the token of npm run token -- demo, as the banner's curl sends it; 401 without it", async () => {
    // The banner's two commands, as a user copies them into a terminal beside it.
    const { stdout } = await promisify(execFile)('bash', ['-c', local.tryIt().join('\n')], {
      cwd: REPO_ROOT,
      env: userShellEnvironment(),
    });
    expect(JSON.parse(stdout)).toMatchObject({ status: 'PENDING' });
    expect(demo.description).toMatch(new RegExp(`^demo: customerId ${demo.customerId}; expires `));

    const withToken = await local.submit({ ...testOrder(), customerId: demo.customerId }, demo.token);
    expect(withToken.status).toBe(202);

    // The same request without the token, to a receiver that has the pool to check tokens against
    // and no AUTH_DISABLED: refused for the missing token alone.
    const env = local.appEnvironment('order-receiver');
    expect(env).toMatchObject({
      COGNITO_USER_POOL_ID: expect.any(String),
      COGNITO_CUSTOMER_CLIENT_ID: expect.any(String),
    });
    expect(env!.STATUS_URL_SIGNING_KEY.length).toBeGreaterThanOrEqual(32);
    expect(env!.AUTH_DISABLED ?? 'false').toBe('false');
    const withoutToken = await local.submit({ ...testOrder(), customerId: demo.customerId }, undefined);
    expect(withoutToken.status).toBe(401);
  });

  it('restarts a killed processor; every accepted order completes; Ctrl-C stops every process', async () => {
    const orderIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await local.submit({ ...testOrder(), customerId: demo.customerId }, demo.token);
      expect(res.status).toBe(202);
      orderIds.push(((await res.json()) as { orderId: string }).orderId);
    }
    const status = async (id: string) => (await local.order(id, demo.token)).status;

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

    const started = local.processes();
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
