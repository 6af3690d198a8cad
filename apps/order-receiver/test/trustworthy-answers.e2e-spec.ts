import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { appEnvironment, FaultProxy, initForSupertest, ProxiedCall } from '@app/testing';
import { createReceiverApp } from '../src/receiver.app';
import { CUSTOMER_ID, ReceiverHarness, statusPath, uniqueId, validOrder } from './receiver-harness';

/**
 * What an answer says about an order when a dependency fails mid-request, driven through a fault
 * proxy between the real receiver and moto: every answer names the order (body and Order-Id
 * header, a generated id too); a 503 says `not-accepted` only when nothing was stored and nothing
 * can have been published, `unknown` otherwise; a retry with the id never makes a second order.
 */
describe('order-receiver: answers a client can trust (e2e, moto, fault proxy)', () => {
  let h: ReceiverHarness;
  let proxy: FaultProxy;
  let receiver: NestFastifyApplication;

  beforeAll(async () => {
    h = await ReceiverHarness.start();
    proxy = await FaultProxy.start(h.moto.endpoint);
    receiver = await createReceiverApp({
      PROCESSING_TIME_MS: '50',
      THROTTLE_LIMIT: '100000',
      CALLER_THROTTLE_LIMIT: '100000',
      LOG_LEVEL: 'silent',
      ...appEnvironment(proxy.endpoint, h.locations),
      // One try per call, given up quickly: a held answer becomes the client's timeout.
      AWS_MAX_ATTEMPTS: '1',
      AWS_REQUEST_TIMEOUT_MS: '1000',
    });
    await initForSupertest(receiver);
  });
  afterEach(() => proxy.clear());
  afterAll(async () => {
    await receiver?.close();
    await proxy?.stop();
    await h?.stop();
  });

  const http = () => request.agent(receiver.getHttpServer()).set('Authorization', `Bearer ${h.defaultToken}`);
  const publishOf = (orderId?: string) => (call: ProxiedCall) =>
    call.service === 'sns' && call.operation === 'Publish' && (!orderId || call.body.includes(orderId));
  /** Every message the topic delivered for this order, received and left hidden. */
  const queued = async (orderId: string): Promise<number> => {
    let count = 0;
    for (;;) {
      const bodies = await h.queuedBodies(10);
      if (bodies.length === 0) return count;
      count += bodies.filter((body) => body.orderId === orderId).length;
    }
  };
  const expectNamed = (res: request.Response, orderId: string) => {
    expect(res.body.orderId).toBe(orderId);
    expect(res.headers['order-id']).toBe(orderId);
  };

  it('a publish SNS took but whose answer was lost is `unknown`, the order kept; the retry with its id is 202', async () => {
    const orderId = uniqueId();
    proxy.add((call) => (publishOf(orderId)(call) ? 'lose-answer' : undefined));
    const res = await http().post('/orders/async').send(validOrder({ orderId })).expect(503);
    expectNamed(res, orderId);
    expect(res.body.outcome).toBe('unknown');
    expect(res.body.message).toMatch(/may have been accepted.*Retry after Retry-After seconds with orderId/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // SNS delivered it: the processor would make the order from it, and the stored order stays.
    expect(await queued(orderId)).toBe(1);
    expect(await h.item(orderId)).toBeDefined();

    proxy.clear();
    const retry = await http().post('/orders/async').send(validOrder({ orderId })).expect(202);
    expectNamed(retry, orderId);
  });

  it('a 503 for an order without an id names the id it generated, and a retry with it is the same order', async () => {
    proxy.add((call) => (publishOf()(call) ? 'lose-answer' : undefined));
    const res = await http().post('/orders/async').send(validOrder()).expect(503);
    const orderId: string = res.body.orderId;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['order-id']).toBe(orderId);
    expect(await queued(orderId)).toBe(1);

    proxy.clear();
    await http().post('/orders/async').send(validOrder({ orderId })).expect(202);
    await http().get(statusPath(orderId)).expect(200);
  });

  it('a publish SNS refused outright (throttled) is `not-accepted`: nothing stored, nothing queued', async () => {
    const orderId = uniqueId();
    proxy.add((call) =>
      publishOf(orderId)(call) ? { status: 400, code: 'Throttling', message: 'Rate exceeded' } : undefined,
    );
    const res = await http().post('/orders/async').send(validOrder({ orderId })).expect(503);
    expectNamed(res, orderId);
    expect(res.body.outcome).toBe('not-accepted');
    expect(res.body.message).toMatch(/was not accepted/);
    expect(await h.item(orderId)).toBeUndefined();
    expect(await queued(orderId)).toBe(0);
  });

  it('sync: a backstop publish that failed is `not-accepted`, with nothing stored (a backstop never creates an order)', async () => {
    const orderId = uniqueId();
    proxy.add((call) => (publishOf(orderId)(call) ? 'lose-answer' : undefined));
    const res = await http().post('/orders/sync').send(validOrder({ orderId })).expect(503);
    expectNamed(res, orderId);
    expect(res.body.outcome).toBe('not-accepted');
    expect(await h.item(orderId)).toBeUndefined();
  });

  it('sync: a claim DynamoDB applied but whose answer was lost is `unknown`: the order is held for its backstop', async () => {
    const orderId = uniqueId();
    const isClaim = (call: ProxiedCall) =>
      call.service === 'dynamodb' && call.operation === 'UpdateItem' && call.body.includes(orderId);
    proxy.add((call) => (isClaim(call) ? 'lose-answer' : undefined));
    const res = await http().post('/orders/sync').send(validOrder({ orderId })).expect(503);
    expectNamed(res, orderId);
    expect(res.body.outcome).toBe('unknown');
    expect((await h.item(orderId))?.status).toEqual({ S: 'PROCESSING' });
  });

  it('sync: with DynamoDB hung, the answer comes within the claim window and one call, far below the ALB timeout', async () => {
    // The default SDK settings: 2 tries of 3 s per call. Five counted retries of a hung claim took ~33 s.
    const defaults = await createReceiverApp({
      PROCESSING_TIME_MS: '50',
      THROTTLE_LIMIT: '100000',
      CALLER_THROTTLE_LIMIT: '100000',
      LOG_LEVEL: 'silent',
      ...appEnvironment(proxy.endpoint, h.locations),
    });
    await initForSupertest(defaults);
    try {
      proxy.add((call) => (call.service === 'dynamodb' ? 'stall' : undefined));
      const orderId = uniqueId();
      const started = Date.now();
      const res = await request(defaults.getHttpServer())
        .post('/orders/sync')
        .set('Authorization', `Bearer ${h.defaultToken}`)
        .send(validOrder({ orderId }))
        .expect(503);
      const tookMs = Date.now() - started;
      console.log(`sync with DynamoDB hung: 503 ${res.body.outcome} after ${tookMs} ms`);
      expectNamed(res, orderId);
      expect(res.body.outcome).toBe('unknown');
      // The claim window (half of leaseMsFor(50) ≈ 7.5 s) plus one hung call (2 × 3 s) and a slot wait.
      expect(tookMs).toBeLessThan(25000);
    } finally {
      await defaults.close();
    }
  }, 60000);

  it('a read that fails names the order and claims nothing about it', async () => {
    const orderId = uniqueId();
    proxy.add((call) => (call.service === 'dynamodb' ? 'stall' : undefined));
    const res = await http().get(statusPath(orderId)).expect(503);
    expectNamed(res, orderId);
    expect(res.body.outcome).toBeUndefined();
    expect(res.body.message).not.toMatch(/accepted/);
  });

  it('every other answer of an order route names its order: 200, 202, 404 and 409', async () => {
    const orderId = uniqueId();
    expectNamed(await http().post('/orders/async').send(validOrder({ orderId })).expect(202), orderId);
    expectNamed(await http().get(statusPath(orderId)).expect(200), orderId);
    const other = validOrder({ orderId, items: [{ productId: 'sku-other', quantity: 1, price: 1 }] });
    expectNamed(await http().post('/orders/async').send(other).expect(409), orderId);
    const missing = uniqueId();
    expectNamed(await http().get(statusPath(missing)).expect(404), missing);
    const syncId = uniqueId();
    const sync = await http()
      .post('/orders/sync')
      .send(validOrder({ orderId: syncId }))
      .expect(200);
    expect(sync.headers['order-id']).toBe(syncId);
  });

  it('100 repeats of an accepted order add at most one message, however the client polls', async () => {
    const orderId = uniqueId();
    await http().post('/orders/async').send(validOrder({ orderId })).expect(202);
    const repeat = () =>
      Promise.all(
        Array.from({ length: 100 }, () => http().post('/orders/async').send(validOrder({ orderId }))),
      );
    // Published just now: no repeat publishes it again.
    expect((await repeat()).map((r) => r.status)).toEqual(Array(100).fill(202));
    expect(proxy.calls.filter(publishOf(orderId))).toHaveLength(1);
    // Its last publish long past REPUBLISH_AFTER_MS: one of 100 concurrent repeats publishes it again.
    await h.clients.dynamo.send(
      new UpdateItemCommand({
        TableName: h.locations.tableName,
        Key: { customerId: { S: CUSTOMER_ID }, orderId: { S: orderId } },
        UpdateExpression: 'SET lastPublishedAt = :then',
        ExpressionAttributeValues: { ':then': { S: '2020-01-01T00:00:00.000Z' } },
      }),
    );
    expect((await repeat()).map((r) => r.status)).toEqual(Array(100).fill(202));
    expect(proxy.calls.filter(publishOf(orderId))).toHaveLength(2);
  });
});
