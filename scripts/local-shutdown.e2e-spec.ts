import { setTimeout as sleep } from 'node:timers/promises';
import { testOrder, waitFor } from '@app/testing';
import { alive, listening, LocalSystem, READY_TIMEOUT_MS } from './test/local-system';

const ORDERS = 1000;
/** What Ctrl-C may take with ORDERS accepted and a processor busy with them. */
const RETURN_DEADLINE_MS = 30000;

/**
 * Ctrl-C of `npm run local` while the processor works through a backlog: the apps stop first
 * (the processor drains its orders in flight against emulators that still answer), then the
 * emulators; the command returns within 30 s, also when Ctrl-C is pressed again while it stops,
 * and leaves no process or port behind.
 */
describe('npm run local: Ctrl-C with orders in flight', () => {
  let local: LocalSystem;

  beforeAll(async () => {
    local = await LocalSystem.start({
      // A client sending a backlog, and a processor with many orders in flight at once. One caller
      // (the demo customer's token) sends it all: its own limit is raised too.
      THROTTLE_LIMIT: '100000',
      CALLER_THROTTLE_LIMIT: '100000',
      PROCESSOR_CONCURRENCY: '100',
    });
  }, READY_TIMEOUT_MS + 60000);

  afterAll(() => local?.kill());

  it(`stops the apps, then the emulators, within ${RETURN_DEADLINE_MS / 1000} s; nothing left running`, async () => {
    const demo = await local.token('demo');
    const pending = Array.from({ length: ORDERS }, () => ({ ...testOrder(), customerId: demo.customerId }));
    const send = async () => {
      for (let order = pending.pop(); order; order = pending.pop()) {
        const res = await local.submit(order, demo.token);
        expect(res.status).toBe(202);
      }
    };
    await Promise.all(Array.from({ length: 20 }, send));

    const inFlight = async () => {
      const metrics = await (await fetch(`${local.processorUrl}/metrics`)).text();
      return Number(/^orders_in_flight (\d+)/m.exec(metrics)?.[1] ?? 0);
    };
    await waitFor(async () => ((await inFlight()) >= 50 ? true : undefined), 60000, '50 orders in flight');

    const started = local.processes();
    for (const name of ['moto-server.py', 'ministack', 'order-receiver', 'order-processor'])
      expect(started.some((p) => p.args.includes(name))).toBe(true);
    const interrupted = Date.now();
    local.interrupt();
    // An impatient second Ctrl-C while it stops.
    await local.waitForLine(/› stopping/, 10000);
    await sleep(500);
    local.interrupt();

    const exit = await Promise.race([
      local.exited,
      sleep(RETURN_DEADLINE_MS - (Date.now() - interrupted), 'still running' as const, { ref: false }),
    ]);
    if (exit === 'still running')
      throw new Error(`npm run local still ran ${RETURN_DEADLINE_MS} ms after Ctrl-C:\n${local.text()}`);
    const { code, signal } = exit;
    // The script ends 0; npm itself, having received the Ctrl-C, then ends by SIGINT (shells show 130).
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    expect(local.text()).not.toMatch(/✗/);

    // Nothing left: no process it started, nothing on its ports.
    await waitFor(
      async () => (started.some((p) => alive(p.pid)) ? undefined : true),
      10000,
      `no process left of ${JSON.stringify(started.filter((p) => alive(p.pid)))}`,
    );
    for (const port of Object.values(local.ports)) expect(await listening(port)).toBe(false);

    // The processor drained against live emulators: its orders in flight finished or were
    // released, and no AWS call failed on the way out.
    const log = local.appLog('order-processor');
    const draining = log.findIndex((l) => l.msg === 'shutting down: draining in-flight orders');
    expect(draining).toBeGreaterThanOrEqual(0);
    expect(log.filter((l) => l.msg === 'drain complete')).toHaveLength(1);
    expect(log.slice(draining).filter((l) => Number(l.level) >= 40)).toEqual([]);
  });
});
