import { testOrder, waitFor } from '@app/testing';
import { alive, LocalSystem, READY_TIMEOUT_MS } from './test/local-system';

/**
 * `npm run local` survives what it demonstrates: a processor killed with kill -9 is restarted
 * (the emulator and every order in it stay), and Ctrl-C still stops everything.
 */
describe('npm run local supervises the apps', () => {
  let local: LocalSystem;
  let receiver: string;
  let processor: string;

  beforeAll(async () => {
    local = await LocalSystem.start({
      // Long enough that orders are in flight at the kill; short lease, so they are taken over soon.
      PROCESSING_TIME_MS: '2000',
      VISIBILITY_TIMEOUT_SECONDS: '3',
      // The emulator keeps serving a killed process's long polls until they time out: below the
      // visibility timeout, so none of them takes (and hides again) an order that lapsed.
      SQS_WAIT_TIME_SECONDS: '1',
    });
    receiver = local.receiverUrl;
    processor = local.processorUrl;
  }, READY_TIMEOUT_MS + 60000);

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
