import { freePort } from '@app/emulator';
import { AppProcess, orderStatusPath } from '@app/testing';

/**
 * The receiver's log lines carry the id of the request they were written for: its own line per
 * answered request and every line written while it was handled, which are read from the request's
 * context only when written. Probes write no line. The built app, in a process of its own, with
 * no AWS behind it (an endpoint nothing listens on), so that a lookup fails and logs its outage;
 * with no user pool either, so authentication is off.
 */
describe('order-receiver request log (built app)', () => {
  let sut: AppProcess;

  beforeAll(async () => {
    sut = await AppProcess.start(
      'order-receiver',
      {
        LOG_LEVEL: 'info',
        AUTH_DISABLED: 'true',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_REQUEST_TIMEOUT_MS: '500',
        AWS_MAX_ATTEMPTS: '1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
      await freePort(),
    );
  });
  afterAll(() => sut.stop());

  it('puts the request id on the request line and on every line written while it was handled', async () => {
    const path = orderStatusPath({ customerId: 'c-1', orderId: 'order-log-1' });
    const res = await fetch(`${sut.url}${path}`, { headers: { 'X-Request-Id': 'trace-log-1' } });
    expect(res.status).toBe(503);
    await sut.waitForLines('request errored', 1);
    const lines = sut.logs.filter((l) => l.requestId === 'trace-log-1');
    expect(lines.map((l) => l.msg)).toEqual(['dependency unavailable', 'request errored']);
    expect(sut.lines('request errored')[0]).toMatchObject({
      req: { method: 'GET', url: path },
      res: { statusCode: 503 },
      responseTime: expect.any(Number),
    });
  });

  it('writes a line for an answered request and none for probes', async () => {
    await fetch(`${sut.url}/health/live`);
    await fetch(`${sut.url}/metrics`);
    const res = await fetch(`${sut.url}/nope`, { headers: { 'X-Request-Id': 'trace-log-2' } });
    expect(res.status).toBe(404);
    await sut.waitForLines('request completed', 1);
    expect(sut.lines('request completed')).toEqual([
      expect.objectContaining({ requestId: 'trace-log-2', res: { statusCode: 404 } }),
    ]);
    expect(sut.logs.filter((l) => /\/(health|metrics)/.test(JSON.stringify(l.req ?? '')))).toEqual([]);
  });
});
