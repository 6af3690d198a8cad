import { setTimeout as sleep } from 'node:timers/promises';
import { AppProcess, httpGet, orderStatusPath, postJson, testOrder } from '@app/testing';
import { errorOf, fulfilmentFigures, ProcessorHarness, tally, waitForHttpStatus } from '../processor-harness';

/** The load: one async order every LOAD_INTERVAL_MS for LOAD_MS, at most LOAD_MAX_ORDERS. */
const LOAD_INTERVAL_MS = 100;
const LOAD_MS = 22000;
const LOAD_MAX_ORDERS = 250;
/** The emulator is frozen from OUTAGE_AT_MS into the load for OUTAGE_MS. */
const OUTAGE_AT_MS = 4000;
const OUTAGE_MS = 10000;
/** A client gives up on an answer after this long (counted as "no answer"). */
const CLIENT_TIMEOUT_MS = 60000;
/** Readiness answers from a probe at most this old (READINESS_CACHE_MS, the default). */
const READINESS_CACHE_MS = 5000;

interface Answer {
  readonly orderId: string;
  readonly sentAt: number;
  readonly endedAt: number;
  /** 0: no answer (network error or CLIENT_TIMEOUT_MS). */
  readonly status: number;
  readonly body: string;
}

/**
 * Fault: the AWS emulator hangs (SIGSTOP: it keeps its state but answers
 * nothing, as a hung dependency) for OUTAGE_MS in the middle of a steady
 * async load through the real receiver, then comes back (SIGCONT). During the
 * outage the API answers 503, never another 5xx and never 202 for an order it
 * did not publish, and /health says so; afterwards every order answered 202 is
 * COMPLETED, and the processor recovers by itself. An order answered 503 may
 * still have been published (the emulator can apply a request its client gave
 * up on once it runs again): then it must be visible and complete, and a retry
 * with the same id answers 202.
 */
describe('fault: emulator outage (SIGSTOP for 10 s during a steady async load)', () => {
  let h: ProcessorHarness;
  let receiver: AppProcess | undefined;
  let processor: AppProcess | undefined;
  let receiverUrl: string;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    receiver = await h.startReceiver({ LOG_LEVEL: 'warn' });
    receiverUrl = receiver.url;
    // The user pool's signing keys, fetched once and cached: the outage is DynamoDB's and SNS's.
    expect((await httpGet(`${receiverUrl}/orders/warm-up-keys`, { token: h.token })).status).toBe(404);
    processor = await h.startProcessor({ PROCESSOR_CONCURRENCY: 10, PROCESSING_TIME_MS: 200 });
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** @smithy/node-http-handler 4.x only warns when a request outlives requestTimeout, unless told to throw. */
  const sdkTimeoutWarnings = () =>
    receiver!.logs.filter((l) => /exceeded the configured \d+ ms requestTimeout/.test(String(l.msg))).length;

  const postAsync = async (order: object): Promise<{ status: number; body: string }> => {
    try {
      const res = await postJson(`${receiverUrl}/orders/async`, order, {
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
        token: h.token,
      });
      return { status: res.status, body: await res.text() };
    } catch (error) {
      return { status: 0, body: (error as Error).message };
    }
  };

  it('answers 503 while the emulator hangs, completes every order answered 202, and recovers by itself', async () => {
    const began = Date.now();
    const pending: Promise<Answer>[] = [];
    const health: { at: number; endedAt: number; status: number; text: string }[] = [];
    let outage = { from: 0, to: 0 };

    // Readiness polled throughout (each probe bounded by httpGet's own 10 s timeout).
    let polling = true;
    const healthLoop = (async () => {
      while (polling && Date.now() - began < LOAD_MS + 30000) {
        const at = Date.now();
        const answer = await httpGet(`${receiverUrl}/health`);
        health.push({ at, endedAt: Date.now(), ...answer });
        await sleep(500);
      }
    })();

    // The outage, on its own timeline; the emulator is resumed whatever happens.
    const outageDone = (async () => {
      await sleep(OUTAGE_AT_MS);
      outage.from = Date.now();
      h.moto.pause();
      try {
        await sleep(OUTAGE_MS);
      } finally {
        h.moto.resume();
        outage = { ...outage, to: Date.now() };
      }
    })();

    // Open loop: a new order every interval, whether or not earlier ones were answered.
    for (let i = 0; i < LOAD_MAX_ORDERS && Date.now() - began < LOAD_MS; i++) {
      const order = testOrder(`outage-${i}-${began}`);
      const sentAt = Date.now();
      pending.push(
        postAsync(order).then((a) => ({ orderId: order.orderId, sentAt, endedAt: Date.now(), ...a })),
      );
      await sleep(LOAD_INTERVAL_MS);
    }
    await outageDone;
    const answers = await Promise.all(pending);

    const during = (t: number) => t >= outage.from && t <= outage.to;
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 503);
    const other = answers.filter((a) => a.status !== 202 && a.status !== 503);
    const endedDuringOutage = answers.filter((a) => during(a.endedAt));
    // Sent and answered while the emulator was frozen: no write of theirs can have reached it. (A
    // request sent just before the freeze may have been published before it, and is rightly
    // answered 202 once its "accepted" mark times out.)
    const whollyDuringOutage = answers.filter((a) => during(a.sentAt) && during(a.endedAt));
    const slowest = answers.reduce((max, a) => Math.max(max, a.endedAt - a.sentAt), 0);
    // Readiness answers ended during the outage. It may answer from a probe made before the freeze for
    // up to READINESS_CACHE_MS, and a new probe of the frozen emulator takes up to its 3 s timeout.
    const healthDuring = health.filter((h) => during(h.endedAt));
    const healthLate = healthDuring.filter((h) => h.at >= outage.from + READINESS_CACHE_MS + 3000);

    // After the outage: the processor recovers by itself and every accepted order completes.
    await waitForHttpStatus(`${processor!.url}/health`, 200, 30000, 'the processor to be healthy again');
    await waitForHttpStatus(`${receiverUrl}/health`, 200, 30000, 'the receiver to be ready again');
    await sleep(1000);
    polling = false;
    await healthLoop;
    const acceptedIds = accepted.map((a) => a.orderId);
    const completedError = await errorOf(h.waitForAllStatus(acceptedIds, 'COMPLETED', 60000));

    // The orders answered 503: what became of them before any retry?
    const beforeRetry = await h.scanOrders();
    const refusedFates = await Promise.all(
      refused.map(async (a) => {
        const item = beforeRetry.get(a.orderId);
        const visible =
          (await httpGet(`${receiverUrl}${orderStatusPath(testOrder(a.orderId))}`, { token: h.token }))
            .status === 200;
        return { orderId: a.orderId, item: item?.status ?? 'absent', visible };
      }),
    );
    const publishedAnyway = refusedFates.filter((f) => f.visible);
    const invisibleLeftovers = refusedFates.filter((f) => !f.visible && f.item !== 'absent');
    // A client retries its 503s with the same ids, as Retry-After asks (a few at a time, again after
    // a 503: the emulator, just thawed, may still be slow): each is accepted in the end, and completes.
    const retries: Answer[] = [];
    const queue = refused.map((a) => a.orderId);
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          let answer = await postAsync(testOrder(id));
          for (let tries = 1; answer.status === 503 && tries < 5; tries++) {
            await sleep(1000);
            answer = await postAsync(testOrder(id));
          }
          retries.push({ orderId: id, sentAt: 0, endedAt: 0, ...answer });
        }
      }),
    );
    const refusedIds = refused.map((a) => a.orderId);
    const retriedError = await errorOf(h.waitForAllStatus(refusedIds, 'COMPLETED', 60000));
    const figures = fulfilmentFigures([processor!], [...acceptedIds, ...refusedIds]);
    const final = await h.scanOrders();

    console.log(
      `outage: emulator frozen ${outage.to - outage.from} ms; ${answers.length} orders posted; ` +
        `answers ${JSON.stringify(tally(answers.map((a) => a.status)))} → 202: ${accepted.length}, ` +
        `503: ${refused.length}, other: ${other.length}; ` +
        `answers that ended during the outage ${JSON.stringify(tally(endedDuringOutage.map((a) => a.status)))}; ` +
        `slowest answer ${slowest} ms; /health during the outage ${JSON.stringify(tally(healthDuring.map((h) => h.status)))}; ` +
        `202'd orders COMPLETED: ${acceptedIds.filter((id) => final.get(id)?.status === 'COMPLETED').length}/${accepted.length}; ` +
        `503'd orders published anyway: ${publishedAnyway.length} (${JSON.stringify(tally(publishedAnyway.map((f) => f.item)))}), ` +
        `left as invisible PENDING items: ${invisibleLeftovers.length}; ` +
        `retries of the 503s ${JSON.stringify(tally(retries.map((r) => r.status)))}, ` +
        `then COMPLETED: ${refusedIds.filter((id) => final.get(id)?.status === 'COMPLETED').length}/${refused.length}; ` +
        `fulfilments: ${figures.fulfilments}, max per order: ${figures.maxPerOrder}; ` +
        `SDK "requestTimeout exceeded" warnings in the receiver: ${sdkTimeoutWarnings()}; ` +
        `took ${Date.now() - began} ms`,
    );
    if (other.length > 0) console.log(`outage: other answers: ${JSON.stringify(other.slice(0, 5))}`);

    expect(other).toEqual([]);
    for (const a of refused) {
      expect(JSON.parse(a.body)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    // Nothing sent while the emulator is frozen can be accepted while it is frozen.
    expect(whollyDuringOutage.filter((a) => a.status === 202)).toEqual([]);
    expect(whollyDuringOutage.length).toBeGreaterThan(0);
    expect(healthDuring.filter((h) => h.status === 503).length).toBeGreaterThan(0);
    expect(healthLate.filter((h) => h.status === 200)).toEqual([]);
    const downHealth = healthDuring.find((h) => h.status === 503);
    expect(JSON.parse(downHealth!.text)).toMatchObject({ status: 'error' });
    expect(health.at(-1)?.status).toBe(200);
    expect(completedError).toBeUndefined();
    // An order answered 503 that was published after all is visible and completes; a retry accepts it.
    for (const f of publishedAnyway) expect(['PROCESSING', 'COMPLETED']).toContain(f.item);
    expect(retries.map((r) => r.status)).toEqual(Array(refused.length).fill(202));
    expect(retriedError).toBeUndefined();
    expect(figures.twice).toEqual({});
    expect(figures.never).toEqual([]);
    // Last, so that everything above is checked either way: the hang must turn into 503s.
    if (refused.length === 0) {
      throw new Error(
        `no order was answered 503 while the emulator hung for ${OUTAGE_MS} ms: requests waited up to ` +
          `${slowest} ms and were accepted once it was back. The receiver logged ${sdkTimeoutWarnings()} ` +
          `"requestTimeout exceeded" warnings: @smithy/node-http-handler 4.x only warns when a request ` +
          `outlives requestTimeout, unless the handler is built with throwOnRequestTimeout: true ` +
          `(libs/aws/src/aws-client-options.ts).`,
      );
    }
  }, 300000); // a busy 2-core machine stretches the load, the outage and the recovery
});
