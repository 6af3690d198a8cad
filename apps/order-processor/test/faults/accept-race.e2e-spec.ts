import { INestApplication } from '@nestjs/common';
import { FaultProxy, orderStatusPath, ProxiedCall, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

/** A promise and the function that settles it: a gate a test opens when it chooses. */
function gate<T>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((ok) => (open = ok));
  return { opened, open };
}

/**
 * "An order answered 202 is never 404 afterwards", for the interleavings a
 * review found, driven deterministically through a fault proxy between the
 * receiver and the emulator (no processor runs: nothing else makes it visible).
 */
describe('fault: 202 then 404', () => {
  let h: ProcessorHarness;
  let proxy: FaultProxy;
  let receiver: INestApplication;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    proxy = await h.startFaultProxy();
    receiver = await h.startInProcessReceiver({
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_MAX_ATTEMPTS: '1',
      // The gates below hold calls for a while: long enough that the SDK does not give up first.
      AWS_REQUEST_TIMEOUT_MS: '30000',
      LOG_LEVEL: 'silent',
    });
  });
  afterEach(() => proxy.clear());
  afterAll(() => h?.stop());

  const post = (body: object) => h.http(receiver).post('/orders/async').send(body);
  const about = (orderId: string, service: string, operation: string) => (call: ProxiedCall) =>
    call.service === service && call.operation === operation && call.body.includes(orderId);
  const seen = (match: (call: ProxiedCall) => boolean, count = 1) =>
    waitFor(async () => (proxy.calls.filter(match).length >= count ? true : undefined), 20000, 'the call');

  it('a concurrent request whose publish fails cannot make the other 202 disappear', async () => {
    const order = testOrder(`race-${Date.now()}`);
    const isPublish = about(order.orderId, 'sns', 'Publish');
    const isMark = about(order.orderId, 'dynamodb', 'UpdateItem');
    const isDelete = about(order.orderId, 'dynamodb', 'DeleteItem');
    const firstPublish = gate<'pass' | { status: number; code: string }>();
    const secondMark = gate<'pass'>();
    let publishes = 0;
    proxy.add((call) => (isPublish(call) && ++publishes === 1 ? firstPublish.opened : undefined));
    proxy.add((call) => (isMark(call) ? secondMark.opened : undefined));

    // 1: the first request stores the order and its publish hangs.
    const first = post(order).then((r) => r);
    await seen(isPublish);
    // 2: the second finds the unacknowledged item, publishes it, and its accepted mark hangs.
    const second = post(order).then((r) => r);
    await seen(isMark);
    // 3: the first's publish is refused (throttled: provably not applied): it deletes what it stored, 503.
    firstPublish.open({ status: 400, code: 'Throttling' });
    expect((await first).status).toBe(503);
    await seen(isDelete);
    // 4: the second's mark goes through, and it answers 202.
    secondMark.open('pass');
    expect((await second).status).toBe(202);

    const got = await h.http(receiver).get(orderStatusPath(order));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ orderId: order.orderId, status: 'PENDING' });
  });

  it('an accepted mark that fails is a 503, never a 202 that GET cannot find', async () => {
    const order = testOrder(`mark-${Date.now()}`);
    proxy.add((call) =>
      about(order.orderId, 'dynamodb', 'UpdateItem')(call)
        ? { status: 500, code: 'InternalServerError' }
        : undefined,
    );
    const res = await post(order);
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/DynamoDB is unavailable/);

    // The client's retry, once DynamoDB is back, is accepted and visible.
    proxy.clear();
    expect((await post(order)).status).toBe(202);
    expect((await h.http(receiver).get(orderStatusPath(order))).status).toBe(200);
  });
});
