import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@app/emulator';
import {
  AppProcess,
  appEnvironment,
  httpGet,
  MotoServer,
  postJson,
  provisionTestEnvironment,
  readOrder,
  signedServiceToken,
  testOrder,
  TestEnvironment,
  waitFor,
} from '@app/testing';

/** Far below the keep-alive timeout (65 s) a client's open connection could hold the process for. */
const EXIT_DEADLINE_MS = 30000;

/**
 * The receiver as a real process: SIGTERM (or Ctrl-C), also repeated, stops new connections,
 * lets a sync order in flight finish and answer, and the process ends by itself soon after,
 * whatever keep-alive connection the client holds.
 */
describe('order-receiver: shutdown', () => {
  let moto: MotoServer;
  let env: TestEnvironment;
  let receiver: AppProcess | undefined;

  beforeAll(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
  });
  afterEach(async () => {
    await receiver?.stop();
    receiver = undefined;
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a second %s while a sync order runs is ignored: the order is answered and the process ends by itself',
    async (signal) => {
      receiver = await AppProcess.start(
        'order-receiver',
        { ...appEnvironment(moto.endpoint, env.locations), PROCESSING_TIME_MS: '4000' },
        await freePort(),
      );
      const order = testOrder();
      // fetch keeps the connection open after the answer, as browsers and load balancers do.
      const answer = postJson(`${receiver.url}/orders/sync`, order, {
        token: await signedServiceToken(env.locations.identity!),
      });
      await receiver.waitForLines('order processing started', 1);
      receiver.kill(signal);
      // Draining: no new connection is taken while the order still runs.
      await waitFor(
        async () => ((await httpGet(`${receiver!.url}/health/live`)).status === 0 ? true : undefined),
        15000,
        'the receiver refusing new connections',
      );
      receiver.kill(signal);

      const res = await answer;
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ orderId: order.orderId, status: 'COMPLETED' });
      const exit = await Promise.race([
        receiver.exited,
        sleep(EXIT_DEADLINE_MS, 'still running', { ref: false }),
      ]);
      // Nest's shutdown hooks end the process with the signal it received, once it has closed.
      expect(exit).toEqual({ code: null, signal });
      expect(await readOrder(env.clients.dynamo, env.locations.tableName, order)).toMatchObject({
        status: 'COMPLETED',
      });
    },
  );
});
