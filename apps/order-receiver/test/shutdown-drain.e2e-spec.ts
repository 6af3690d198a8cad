import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@app/emulator';
import {
  AppProcess,
  appEnvironment,
  MotoServer,
  orderStatusPath,
  provisionTestEnvironment,
  signedServiceToken,
  testOrder,
  TestEnvironment,
  waitFor,
} from '@app/testing';

/** Short here; infra sets 30 s. Long enough that a busy machine still sends its requests inside it. */
const DRAIN_MS = 5000;
/** Requests each client must have answered after the receiver was seen draining. */
const DURING_DRAIN = 3;
/** Far above the drain delay: only a process that never ends fails on it. */
const EXIT_DEADLINE_MS = 30000 + DRAIN_MS;

interface Answer {
  readonly client: string;
  readonly sentAt: number;
  readonly status: number;
  readonly error?: string;
}

/**
 * One HTTP call: on a keep-alive connection (`agent`) as the load balancer reuses its own, or on a
 * new one (`agent: false`) as it opens more. A refused or reset connection is status 0.
 */
function call(
  url: string,
  options: { method: 'GET' | 'POST'; agent: Agent | false; token?: string; body?: unknown },
): Promise<{ status: number; error?: string }> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: options.method,
        agent: options.agent,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        timeout: 15000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', (error) => resolve({ status: 0, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ status: 0, error: error.message }));
    req.end(body);
  });
}

/**
 * A Fargate Spot interruption sends SIGTERM while the load balancer may still route to the task.
 * The receiver (a real process) keeps serving for SHUTDOWN_DRAIN_DELAY_MS, its health routes
 * answering 503 so the target group takes it out, and only then stops taking connections: a stream
 * of order reads and submissions, on kept and on new connections, sees no failure across the
 * SIGTERM; after the delay the server closes and the process ends with the signal. No assertion
 * on how long anything took beyond generous deadlines: it must hold on a busy machine.
 */
describe('order-receiver: drain on SIGTERM (built app, moto)', () => {
  let moto: MotoServer;
  let env: TestEnvironment;
  let receiver: AppProcess | undefined;

  beforeAll(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
  });
  afterAll(async () => {
    await receiver?.stop();
    await moto?.stop();
  });

  it('answers every request sent during the drain delay, then closes and exits', async () => {
    receiver = await AppProcess.start(
      'order-receiver',
      {
        ...appEnvironment(moto.endpoint, env.locations),
        SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_MS),
        THROTTLE_LIMIT: '100000',
        CALLER_THROTTLE_LIMIT: '100000',
      },
      await freePort(),
    );
    const { url } = receiver;
    const token = await signedServiceToken(env.locations.identity!);
    const order = testOrder();
    const keepAlive = new Agent({ keepAlive: true });
    expect(
      (await call(`${url}/orders/async`, { method: 'POST', agent: keepAlive, token, body: order })).status,
    ).toBe(202);
    const readPath = orderStatusPath(order);

    const clients: Record<string, () => ReturnType<typeof call>> = {
      'read, kept connection': () => call(`${url}${readPath}`, { method: 'GET', agent: keepAlive, token }),
      'read, new connection': () => call(`${url}${readPath}`, { method: 'GET', agent: false, token }),
      'submit, new connection': () =>
        call(`${url}/orders/async`, { method: 'POST', agent: false, token, body: testOrder() }),
    };
    const answers: Answer[] = [];
    let stopped = false;
    const streams = Object.entries(clients).map(async ([client, send]) => {
      while (!stopped) {
        const sentAt = performance.now();
        answers.push({ client, sentAt, ...(await send()) });
        await sleep(20);
      }
    });
    const answeredSince = (since: number, client: string) =>
      answers.filter((a) => a.client === client && a.sentAt >= since).length;

    await waitFor(
      async () => (Object.keys(clients).every((c) => answeredSince(0, c) >= 2) ? true : undefined),
      20000,
      'every client answered before the signal',
    );
    receiver.kill('SIGTERM');
    // What the target group sees: liveness turns 503 while the process still serves.
    const liveness = await waitFor(
      async () => {
        const res = await call(`${url}/health/live`, { method: 'GET', agent: false });
        return res.status === 503 ? res : undefined;
      },
      DRAIN_MS + 10000,
      'liveness to answer 503 while draining',
    );
    const drainSeen = performance.now();
    await waitFor(
      async () =>
        Object.keys(clients).every((c) => answeredSince(drainSeen, c) >= DURING_DRAIN) ? true : undefined,
      DRAIN_MS + 10000,
      `${DURING_DRAIN} answers per client while draining`,
    );
    // The load balancer has stopped routing by now: so do the clients.
    stopped = true;
    await Promise.all(streams);
    keepAlive.destroy();

    expect(liveness.status).toBe(503);
    expect(answers.filter((a) => a.status < 200 || a.status > 299)).toEqual([]);
    expect(answers.filter((a) => a.sentAt >= drainSeen).length).toBeGreaterThanOrEqual(
      DURING_DRAIN * Object.keys(clients).length,
    );
    expect(receiver.lines('draining before shutdown')).toHaveLength(1);
    // A routine drain is no outage: its 503s are not logged as one.
    expect(receiver.lines('dependency unavailable')).toEqual([]);

    // After the delay the server closes: new connections are refused and the process ends.
    await waitFor(
      async () =>
        (await call(`${url}/health/live`, { method: 'GET', agent: false })).status === 0 ? true : undefined,
      DRAIN_MS + 15000,
      'the receiver refusing new connections after the drain delay',
    );
    const exit = await Promise.race([
      receiver.exited,
      sleep(EXIT_DEADLINE_MS, 'still running', { ref: false }),
    ]);
    // Nest's shutdown hooks end the process with the signal it received, once it has closed.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
