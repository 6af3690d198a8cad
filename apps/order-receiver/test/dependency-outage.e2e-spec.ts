import { ReceiverHarness, uniqueId, validOrder, statusPath } from './receiver-harness';
import { orderStatusPath, provisionTestEnvironment, waitFor } from '@app/testing';

describe('order-receiver when AWS is unreachable (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    sut = await ReceiverHarness.start();
  });
  afterAll(() => sut.stop());

  it('answers 503 with a clear error while the emulator is down, and recovers after', async () => {
    await sut.http.get('/health').expect(200);
    // An authenticated request fetches the user pool's signing keys, which stay cached: an outage
    // of DynamoDB and SNS, not of the identity provider.
    await sut.http.get(`/orders/${uniqueId()}`).expect(404);
    await sut.moto.stop();

    const refusedId = uniqueId();
    const accepted = await sut.http
      .post('/orders/async')
      .send(validOrder({ orderId: refusedId }))
      .expect(503);
    // A refused connection sent nothing: provably nothing stored or published.
    expect(accepted.body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      orderId: refusedId,
      outcome: 'not-accepted',
    });
    expect(accepted.body.message).toMatch(/DynamoDB is unavailable; order \S+ was not accepted/);
    expect(Number(accepted.headers['retry-after'])).toBeGreaterThan(0);

    await sut.http
      .post('/orders/sync')
      .send(validOrder({ orderId: uniqueId() }))
      .expect(503);
    await sut.http.get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() })).expect(503);

    // Readiness answers from a probe at most READINESS_CACHE_MS old: the outage shows within that.
    const health = await waitFor(
      async () => {
        const res = await sut.http.get('/health');
        return res.status === 503 ? res : undefined;
      },
      15000,
      'readiness to report the outage',
    );
    expect(health.body.status).toBe('error');
    expect(health.body.error).toHaveProperty('dynamodb.status', 'down');
    expect(health.body.error).toHaveProperty('sns.status', 'down');
    await sut.http.get('/health/live').expect(200);

    // The emulator comes back empty: the same environment is provisioned again.
    await sut.moto.restart();
    await provisionTestEnvironment(sut.moto.endpoint, sut.environment);
    await waitFor(
      async () => ((await sut.http.get('/health')).status === 200 ? true : undefined),
      15000,
      'readiness to recover',
    );
    const orderId = uniqueId();
    await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
    await sut.http.get(statusPath(orderId)).expect(200);
  });
});

/**
 * A refusal is not an outage: a topic that does not exist (a misconfiguration) is answered 500,
 * saying so, with no Retry-After. Retrying would not help; nothing is half done either way.
 */
describe('order-receiver when SNS refuses the publish (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    // DynamoDB works; the topic does not exist, so every publish fails.
    sut = await ReceiverHarness.start({
      ORDERS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:no-such-topic',
    });
  });
  afterAll(() => sut.stop());

  it('answers 500 (not an outage) and leaves nothing half done: no stored order, nothing queued', async () => {
    const orderId = uniqueId();
    const res = await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(500);
    expect(res.body.message).toMatch(/SNS refused the request \(NotFound(Exception)?\).*not an outage/);
    expect(res.headers['retry-after']).toBeUndefined();
    // A refused publish took no effect, and the stored order was undone: provably not accepted.
    expect(res.body).toMatchObject({ orderId, outcome: 'not-accepted' });
    expect(res.headers['order-id']).toBe(orderId);
    expect(await sut.item(orderId)).toBeUndefined();
    await sut.http.get(statusPath(orderId)).expect(404);
    expect(await sut.queuedBodies()).toEqual([]);
  });

  it('reports SNS down on /health while DynamoDB is up', async () => {
    const res = await sut.http.get('/health').expect(503);
    expect(res.body.info).toHaveProperty('dynamodb.status', 'up');
    expect(res.body.error).toHaveProperty('sns.status', 'down');
  });
});
