import { orderStatusPath } from '@app/testing';
import { ReceiverHarness, uniqueId, validOrder } from './receiver-harness';

describe('order-receiver rate limits (e2e, moto)', () => {
  describe('directly exposed (TRUST_PROXY_HOPS=0)', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      sut = await ReceiverHarness.start({
        THROTTLE_LIMIT: '3',
        THROTTLE_TTL_MS: '60000',
        TRUST_PROXY_HOPS: '0',
      });
    });
    afterAll(() => sut.stop());

    it('answers 429 with Retry-After past the limit, and a forged X-Forwarded-For does not reset it', async () => {
      for (let i = 0; i < 3; i++)
        await sut.http.get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() })).expect(404);
      const limited = await sut.http
        .get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() }))
        .expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(/this client IP: the limit is 3 per 60000 ms \(THROTTLE_LIMIT\)/),
      });
      expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0' });
      await sut.http
        .get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() }))
        .set('X-Forwarded-For', '203.0.113.9')
        .expect(429);
    });

    it('exempts health, docs and metrics', async () => {
      for (let i = 0; i < 5; i++) {
        await sut.http.get('/health/live').expect(200);
        await sut.http.get('/health').expect(200);
        await sut.http.get('/docs-json').expect(200);
        await sut.http.get('/metrics').expect(200);
      }
    });
  });

  describe('one limit per client, whatever the route or the outcome', () => {
    let sut: ReceiverHarness;
    beforeEach(async () => {
      sut = await ReceiverHarness.start({ THROTTLE_LIMIT: '3', THROTTLE_TTL_MS: '60000' });
    });
    afterEach(() => sut.stop());

    it('counts every route against the same limit', async () => {
      await sut.http.get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() })).expect(404);
      await sut.http
        .post('/orders/async')
        .send(validOrder({ orderId: uniqueId() }))
        .expect(202);
      await sut.http
        .post('/orders/sync')
        .send(validOrder({ orderId: uniqueId() }))
        .expect(200);
      await sut.http
        .post('/orders/sync')
        .send(validOrder({ orderId: uniqueId() }))
        .expect(429);
      await sut.http
        .post('/orders/async')
        .send(validOrder({ orderId: uniqueId() }))
        .expect(429);
    });

    it('counts requests rejected before routing: 405, 415, 413, 400 and 404', async () => {
      await sut.http.put(orderStatusPath({ customerId: 'c-1', orderId: 'x' })).expect(405);
      await sut.http.post('/orders/async').set('Content-Type', 'text/plain').send('x').expect(415);
      await sut.http
        .post('/orders/async')
        .set('Content-Type', 'application/json')
        .send(`{"customerId":"${'c'.repeat(70 * 1024)}"}`)
        .expect(413);
      const limited = await sut.http.post('/orders/async').send(validOrder()).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await sut.http.post('/orders/async').set('Content-Type', 'application/json').send('{').expect(429);
      await sut.http.get('/nope').expect(429);
      expect(await sut.itemCount()).toBe(0);
    });

    it('counts requests without a token before refusing them 401', async () => {
      for (let i = 0; i < 3; i++) await sut.anonymous.get(`/orders/${uniqueId()}`).expect(401);
      await sut.http.get(`/orders/${uniqueId()}`).expect(429);
    });
  });

  describe('per authenticated caller (CALLER_THROTTLE_LIMIT)', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      sut = await ReceiverHarness.start({
        THROTTLE_LIMIT: '100',
        CALLER_THROTTLE_LIMIT: '2',
        THROTTLE_TTL_MS: '60000',
        TRUST_PROXY_HOPS: '1',
      });
    });
    afterAll(() => sut.stop());

    it('limits one caller whatever addresses it comes from, and names that limit', async () => {
      await sut.http.get(`/orders/${uniqueId()}`).set('X-Forwarded-For', '198.51.100.1').expect(404);
      const last = await sut.http
        .get(`/orders/${uniqueId()}`)
        .set('X-Forwarded-For', '198.51.100.2')
        .expect(404);
      expect(last.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0' });
      const limited = await sut.http
        .post('/orders/async')
        .set('X-Forwarded-For', '198.51.100.3')
        .send(validOrder({ orderId: uniqueId() }))
        .expect(429);
      expect(limited.body.message).toMatch(
        /this caller: the limit is 2 per 60000 ms \(CALLER_THROTTLE_LIMIT\)/,
      );
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0' });
      expect(await sut.itemCount()).toBe(0);
    });

    it('counts each caller separately, from one address too', async () => {
      const demo = await sut.userToken('demo');
      await sut.as(demo).get(`/orders/${uniqueId()}`).set('X-Forwarded-For', '198.51.100.1').expect(404);
      await sut.as(demo).get(`/orders/${uniqueId()}`).set('X-Forwarded-For', '198.51.100.1').expect(404);
      await sut.as(demo).get(`/orders/${uniqueId()}`).set('X-Forwarded-For', '198.51.100.1').expect(429);
      await sut
        .as(await sut.userToken('other'))
        .get(`/orders/${uniqueId()}`)
        .set('X-Forwarded-For', '198.51.100.1')
        .expect(404);
    });
  });

  describe('behind one load balancer (TRUST_PROXY_HOPS=1)', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      sut = await ReceiverHarness.start({
        THROTTLE_LIMIT: '2',
        THROTTLE_TTL_MS: '60000',
        TRUST_PROXY_HOPS: '1',
      });
    });
    afterAll(() => sut.stop());

    // The load balancer appends the address it saw; only that last entry is trusted.
    const via = (forged: string, real: string) => `${forged}, ${real}`;

    it('limits by the address the proxy saw, whatever the client prepends', async () => {
      await sut.http
        .get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() }))
        .set('X-Forwarded-For', via('1.1.1.1', '198.51.100.7'))
        .expect(404);
      await sut.http
        .get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() }))
        .set('X-Forwarded-For', via('2.2.2.2', '198.51.100.7'))
        .expect(404);
      await sut.http
        .get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() }))
        .set('X-Forwarded-For', via('3.3.3.3', '198.51.100.7'))
        .expect(429);
    });

    it('counts each real client separately', async () => {
      await sut.http
        .get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() }))
        .set('X-Forwarded-For', via('1.1.1.1', '198.51.100.8'))
        .expect(404);
      await sut.http
        .get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() }))
        .set('X-Forwarded-For', '198.51.100.9')
        .expect(404);
    });
  });
});
