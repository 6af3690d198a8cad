import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import {
  appEnvironment,
  FaultProxy,
  initForSupertest,
  MotoServer,
  provisionTestEnvironment,
  signedServiceToken,
  waitFor,
} from '@app/testing';
import { createReceiverApp } from '../src/receiver.app';
import { uniqueId, validOrder } from './receiver-harness';

const MAX_IN_FLIGHT = 2;
const QUEUED = 4;
/** Far beyond the spec's patience: the calls on the wire stay held throughout. */
const REQUEST_TIMEOUT_MS = 60000;

/**
 * DynamoDB hangs (a proxy holds every call). The calls on the wire wait for their timeout, and
 * the requests queued behind them in the app must not: each is answered 503 with Retry-After
 * once DYNAMODB_QUEUE_TIMEOUT_MS has passed, its DynamoDB call never sent, so that nothing is
 * applied after its client was told to retry.
 */
describe('order-receiver while DynamoDB hangs with calls queued in the app (e2e, moto)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let app: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    moto = await MotoServer.start();
    const { locations } = await provisionTestEnvironment(moto.endpoint);
    token = await signedServiceToken(locations.identity!);
    proxy = await FaultProxy.start(moto.endpoint);
    app = await createReceiverApp({
      ...appEnvironment(moto.endpoint, locations),
      AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
      LOG_LEVEL: 'silent',
      THROTTLE_LIMIT: '100000',
      CALLER_THROTTLE_LIMIT: '100000',
      DYNAMODB_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      DYNAMODB_QUEUE_TIMEOUT_MS: '500',
      AWS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      AWS_MAX_ATTEMPTS: '1',
    });
    await initForSupertest(app);
  });
  afterAll(async () => {
    // The proxy first: it drops the held calls, so that the app has no request left to wait for.
    await proxy?.stop();
    await app?.close();
    await moto?.stop();
  });

  it(`answers the ${QUEUED} queued requests 503 with Retry-After without sending their calls`, async () => {
    proxy.add((call) => (call.service === 'dynamodb' ? 'stall' : undefined));
    const dynamoCalls = () => proxy.calls.filter((c) => c.service === 'dynamodb').length;
    const answers = Array.from({ length: MAX_IN_FLIGHT + QUEUED }, () =>
      request(app.getHttpServer())
        .post('/orders/async')
        .set('Authorization', `Bearer ${token}`)
        .send(validOrder({ orderId: uniqueId() }))
        .then(
          (res) => ({ status: res.status, retryAfter: res.headers['retry-after'], calls: dynamoCalls() }),
          (error: Error) => ({ status: 0, retryAfter: error.message, calls: dynamoCalls() }),
        ),
    );
    const answered: { status: number; retryAfter?: string; calls: number }[] = [];
    for (const answer of answers) void answer.then((a) => answered.push(a));
    await waitFor(
      async () => (answered.length >= QUEUED ? true : undefined),
      30000,
      `${QUEUED} answers, long before the ${REQUEST_TIMEOUT_MS} ms request timeout`,
    );
    expect(answered.map((a) => a.status)).toEqual(Array(QUEUED).fill(503));
    for (const a of answered) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    // Only the calls on the wire reached DynamoDB, when the queued ones were answered and after.
    expect(answered.map((a) => a.calls)).toEqual(Array(QUEUED).fill(MAX_IN_FLIGHT));
    expect(dynamoCalls()).toBe(MAX_IN_FLIGHT);
  });
});
