import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ORDERS_TABLE_SCHEMA } from '@app/aws-resources';
import { toOrder } from '@app/domain';
import { DynamoOrderRepository } from '@app/storage';
import { CUSTOMER_ID, ReceiverHarness, statusPath, uniqueId, validOrder } from './receiver-harness';

describe('order-receiver orders API (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    sut = await ReceiverHarness.start();
  });
  afterAll(() => sut.stop());

  describe('POST /orders/sync', () => {
    it('processes inline and answers 200 with the stored COMPLETED order', async () => {
      const orderId = uniqueId();
      const res = await sut.http.post('/orders/sync').send(validOrder({ orderId })).expect(200);
      expect(res.body).toMatchObject({
        orderId,
        customerId: 'customer-1',
        status: 'COMPLETED',
        channel: 'sync',
        attempts: 1,
        totalAmount: 20.48,
      });
      expect(res.body.completedAt).toEqual(expect.any(String));
      const item = await sut.item(orderId);
      expect(item?.status.S).toBe('COMPLETED');
    });

    it('generates a UUID when orderId is absent', async () => {
      const res = await sut.http.post('/orders/sync').send(validOrder()).expect(200);
      expect(res.body.orderId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('returns the stored result for a repeated orderId without processing again', async () => {
      const orderId = uniqueId();
      const first = await sut.http.post('/orders/sync').send(validOrder({ orderId })).expect(200);
      const second = await sut.http.post('/orders/sync').send(validOrder({ orderId })).expect(200);
      expect(second.body).toEqual(first.body);
      expect(second.body.attempts).toBe(1);
    });

    it('runs one fulfilment when the same order arrives twice at once', async () => {
      const orderId = uniqueId();
      const [a, b] = await Promise.all([
        sut.http.post('/orders/sync').send(validOrder({ orderId })),
        sut.http.post('/orders/sync').send(validOrder({ orderId })),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body).toEqual(b.body);
      expect(a.body.attempts).toBe(1);
    });

    it('answers 409 for the same orderId with a different body, and keeps the first', async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/sync').send(validOrder({ orderId })).expect(200);
      const res = await sut.http
        .post('/orders/sync')
        .send(validOrder({ orderId, items: [{ productId: 'sku-other', quantity: 1, price: 1 }] }))
        .expect(409);
      expect(res.body.message).toMatch(/different body/);
      expect((await sut.item(orderId))?.items.L?.[0].M?.productId.S).toBe('sku-1');
    });
  });

  describe('POST /orders/async', () => {
    it('answers 202 with statusUrl and Location after SNS accepted it, and the message is on the queue', async () => {
      const orderId = uniqueId();
      const res = await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      // A service's token has no customer of its own: its orders are read under the customer.
      const statusUrl = `/customers/customer-1/orders/${orderId}`;
      expect(res.body).toEqual({ orderId, status: 'PENDING', statusUrl });
      expect(res.headers.location).toBe(statusUrl);
      const bodies = await sut.queuedBodies();
      expect(bodies).toContainEqual({ orderId, ...validOrder() });
    });

    it('answers 202 again for a repeated orderId without a second order', async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      const again = await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      expect(again.body.orderId).toBe(orderId);
      const item = await sut.item(orderId);
      expect(item?.status.S).toBe('PENDING');
      expect(item?.createdAt.S).toEqual(expect.any(String));
    });

    it('answers 409 for the same orderId with a different body', async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      await sut.http
        .post('/orders/async')
        .send(validOrder({ orderId, items: [{ productId: 'x', quantity: 1, price: 1 }] }))
        .expect(409);
    });

    it('answers 409 when the id was already used by the sync endpoint with another body', async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/sync').send(validOrder({ orderId })).expect(200);
      await sut.http
        .post('/orders/async')
        .send(validOrder({ orderId, items: [{ productId: 'sku-other', quantity: 1, price: 1 }] }))
        .expect(409);
    });
  });

  describe('an async order whose publish was never acknowledged', () => {
    it('is invisible, carries an expiry, and is accepted (expiry removed) when the client retries', async () => {
      const orderId = uniqueId();
      // As left by a request that stored the order and then lost SNS (or timed out on the store).
      const repository = sut.app.get(DynamoOrderRepository);
      await repository.createPending(toOrder(orderId, validOrder()), new Date());
      const stored = await sut.item(orderId);
      const expiresAt = Number(stored?.[ORDERS_TABLE_SCHEMA.ttlAttribute]?.N);
      expect(expiresAt - Date.now() / 1000).toBeGreaterThan(
        ORDERS_TABLE_SCHEMA.unacceptedOrderTtlSeconds - 60,
      );
      await sut.http.get(statusPath(orderId)).expect(404);

      await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      const accepted = await sut.item(orderId);
      expect(accepted?.[ORDERS_TABLE_SCHEMA.ttlAttribute]).toBeUndefined();
      expect(accepted?.acceptedAt?.S).toEqual(expect.any(String));
      await sut.http.get(statusPath(orderId)).expect(200);
      expect(await sut.queuedBodies()).toContainEqual({ orderId, ...validOrder() });
    });

    it('lives in a table whose TTL is enabled on that attribute', async () => {
      const out = await sut.clients.dynamo.send(
        new DescribeTimeToLiveCommand({ TableName: sut.locations.tableName }),
      );
      expect(out.TimeToLiveDescription).toMatchObject({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: ORDERS_TABLE_SCHEMA.ttlAttribute,
      });
    });
  });

  describe('GET /customers/{customerId}/orders/{orderId}', () => {
    it('shows an accepted async order as PENDING with its timestamps', async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      const res = await sut.http.get(statusPath(orderId)).expect(200);
      expect(res.body).toMatchObject({ orderId, status: 'PENDING', channel: 'async', attempts: 0 });
      expect(Date.parse(res.body.createdAt)).not.toBeNaN();
      expect(Date.parse(res.body.acceptedAt)).not.toBeNaN();
    });

    it('shows a sync order as COMPLETED', async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/sync').send(validOrder({ orderId })).expect(200);
      const res = await sut.http.get(statusPath(orderId)).expect(200);
      expect(res.body.status).toBe('COMPLETED');
    });

    it('answers a path with a trailing slash as the path without it', async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/async/').send(validOrder({ orderId })).expect(202);
      const res = await sut.http.get(`${statusPath(orderId)}/`).expect(200);
      expect(res.body.orderId).toBe(orderId);
    });

    it('answers 404 for an unknown order', async () => {
      const res = await sut.http.get(statusPath(uniqueId('missing'))).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('answers 400 for an id outside the allowed alphabet', async () => {
      const res = await sut.http.get(statusPath('bad id')).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^orderId must be 1-64 characters/)]);
    });

    it("answers 404 for another customer's path to an order: an order is found under its own customer only", async () => {
      const orderId = uniqueId();
      await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      await sut.http.get(statusPath(orderId, 'customer-2')).expect(404);
    });

    it('takes any customerId the body takes, percent-encoded in the path it names', async () => {
      const orderId = uniqueId();
      const customerId = 'acme/eu west?#1';
      const res = await sut.http.post('/orders/async').send(validOrder({ orderId, customerId })).expect(202);
      expect(res.body.statusUrl).toBe(`/customers/acme%2Feu%20west%3F%231/orders/${orderId}`);
      const got = await sut.http.get(res.body.statusUrl).expect(200);
      expect(got.body).toMatchObject({ orderId, customerId, status: 'PENDING' });
    });
  });

  describe('two customers with the same orderId', () => {
    it('get two independent orders: no 409, each found under its own customer with its own items', async () => {
      const orderId = uniqueId('shared');
      const bob = validOrder({
        orderId,
        customerId: 'customer-2',
        items: [{ productId: 'sku-9', quantity: 1, price: 3 }],
      });
      await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      const sync = await sut.http.post('/orders/sync').send(bob).expect(200);
      expect(sync.body).toMatchObject({ orderId, customerId: 'customer-2', status: 'COMPLETED' });

      const mine = await sut.http.get(statusPath(orderId)).expect(200);
      expect(mine.body).toMatchObject({ customerId: CUSTOMER_ID, status: 'PENDING', channel: 'async' });
      expect(mine.body.items).toEqual(validOrder().items);
      const theirs = await sut.http.get(statusPath(orderId, 'customer-2')).expect(200);
      expect(theirs.body).toMatchObject({ status: 'COMPLETED', channel: 'sync', items: bob.items });
      expect((await sut.item(orderId))?.status.S).toBe('PENDING');
      expect((await sut.item(orderId, 'customer-2'))?.status.S).toBe('COMPLETED');
    });
  });
});

describe('order-receiver with FAILURE_RATE=1 (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    sut = await ReceiverHarness.start({ FAILURE_RATE: '1' });
  });
  afterAll(() => sut.stop());

  it('answers 200 with a FAILED order and its reason', async () => {
    const orderId = uniqueId();
    const res = await sut.http.post('/orders/sync').send(validOrder({ orderId })).expect(200);
    expect(res.body).toMatchObject({ orderId, status: 'FAILED', attempts: 1 });
    expect(res.body.failureReason).toMatch(/simulated failure/);
    expect(res.body.failedAt).toEqual(expect.any(String));
    const again = await sut.http.get(statusPath(orderId)).expect(200);
    expect(again.body.status).toBe('FAILED');
  });
});
