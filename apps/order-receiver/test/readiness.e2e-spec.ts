import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import {
  appEnvironment,
  FaultProxy,
  initForSupertest,
  MotoServer,
  provisionTestEnvironment,
  waitFor,
} from '@app/testing';
import { createReceiverApp } from '../src/receiver.app';

const CACHE_MS = 5000;
const REQUESTS = 1000;

/**
 * Readiness (GET /health) is public and exempt from the rate limit, and Route 53
 * fails DNS over to the standby page on it. A flood of requests must not become a
 * flood of AWS calls (SNS GetTopicAttributes is throttled account-wide), while a
 * real outage must still show. A proxy between the receiver and the emulator
 * counts the calls and produces the outage.
 */
describe('order-receiver readiness (e2e, moto)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    moto = await MotoServer.start();
    const { locations } = await provisionTestEnvironment(moto.endpoint);
    proxy = await FaultProxy.start(moto.endpoint);
    app = await createReceiverApp({
      ...appEnvironment(proxy.endpoint, locations),
      LOG_LEVEL: 'silent',
      READINESS_CACHE_MS: String(CACHE_MS),
    });
    await initForSupertest(app);
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
    await moto?.stop();
  });

  const probes = () =>
    proxy.calls.filter((c) => c.operation === 'GetItem' || c.operation === 'GetTopicAttributes').length;

  it(`${REQUESTS} requests cause at most one probe per dependency per ${CACHE_MS} ms`, async () => {
    const before = probes();
    const began = performance.now();
    const statuses: number[] = [];
    for (let i = 0; i < REQUESTS; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, () => request(app.getHttpServer()).get('/health')),
      );
      statuses.push(...batch.map((r) => r.status));
    }
    const windows = Math.ceil((performance.now() - began) / CACHE_MS) + 1;
    const made = probes() - before;
    console.log(`readiness: ${REQUESTS} requests, ${made} AWS calls (bound ${2 * windows})`);
    expect(statuses).toEqual(Array(REQUESTS).fill(200));
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThanOrEqual(2 * windows);
  });

  it('still reports a real outage (SNS failing) within the cache period, and recovery after', async () => {
    const removeFault = proxy.add((call) =>
      call.service === 'sns' ? { status: 500, code: 'InternalError' } : undefined,
    );
    const down = await waitFor(
      async () => {
        const res = await request(app.getHttpServer()).get('/health');
        return res.status === 503 ? res : undefined;
      },
      CACHE_MS + 10000,
      'readiness to report SNS down',
    );
    expect(down.body.error).toHaveProperty('sns.status', 'down');
    expect(down.body.info).toHaveProperty('dynamodb.status', 'up');
    removeFault();
    await waitFor(
      async () => ((await request(app.getHttpServer()).get('/health')).status === 200 ? true : undefined),
      CACHE_MS + 10000,
      'readiness to recover',
    );
  });
});
