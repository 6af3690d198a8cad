import { freePort } from '@app/emulator';
import {
  AppProcess,
  appEnvironment,
  MotoServer,
  provisionTestEnvironment,
  TestEnvironment,
  waitFor,
} from '@app/testing';

/** What DynamoDB says about a table that does not exist: AWS error text a public answer must not carry. */
const AWS_ERROR_TEXT = /not found|ResourceNotFound/i;

/** GET `path` as the load balancer forwards it (X-Forwarded-For appended) or as a direct caller. */
async function getHealth(receiver: AppProcess, path: string, viaProxy: boolean) {
  const res = await fetch(`${receiver.url}${path}`, {
    headers: viaProxy ? { 'x-forwarded-for': '203.0.113.9' } : {},
    signal: AbortSignal.timeout(10000),
  });
  return { status: res.status, text: await res.text() };
}

/**
 * Readiness is public through the load balancer: a 503 there tells the status alone, since the AWS
 * SDK's error text can name the task role and the account. A direct call from a private address (the
 * container's health check, an operator in the VPC) still gets each dependency's state, and the log
 * gets the cause either way. The receivers are real processes behind a pretend proxy
 * (TRUST_PROXY_HOPS=1, X-Forwarded-For set); one of them reads a table that does not exist.
 */
describe('order-receiver: health details (built app, moto)', () => {
  let moto: MotoServer;
  let env: TestEnvironment;
  let healthy: AppProcess;
  let broken: AppProcess;

  beforeAll(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
    const base = { ...appEnvironment(moto.endpoint, env.locations), TRUST_PROXY_HOPS: '1' };
    healthy = await AppProcess.start('order-receiver', base, await freePort());
    broken = await AppProcess.start(
      'order-receiver',
      { ...base, ORDERS_TABLE_NAME: `${env.locations.tableName}-missing` },
      await freePort(),
    );
  });
  afterAll(async () => {
    await healthy?.stop();
    await broken?.stop();
    await moto?.stop();
  });

  it('answers the status alone through the proxy when ready', async () => {
    const res = await getHealth(healthy, '/health', true);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: 'ok' });
  });

  it('answers a 503 through the proxy without the AWS error, and logs the cause as a warning', async () => {
    const res = await getHealth(broken, '/health', true);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toEqual({ status: 'error' });
    expect(res.text).not.toMatch(AWS_ERROR_TEXT);
    expect(res.text).not.toMatch(/dynamodb|arn:aws/i);
    // The log line reaches this process through a pipe: it may come after the answer.
    const warning = await waitFor(
      async () => broken.logs.find((line) => line.msg === 'dependency unavailable' && line.url === '/health'),
      10000,
      'the warning with the cause',
    );
    expect(warning).toMatchObject({ level: 40, cause: expect.stringMatching(AWS_ERROR_TEXT) });
    expect(warning.cause).toMatch(/dynamodb/);
  });

  it('gives each dependency to a direct call from a private address (container health check, VPC)', async () => {
    const res = await getHealth(broken, '/health', false);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toMatchObject({
      status: 'error',
      error: { dynamodb: { status: 'down', message: expect.stringMatching(AWS_ERROR_TEXT) } },
      info: { sns: { status: 'up' } },
    });
  });

  it('leaves liveness as it was, through the proxy or not', async () => {
    for (const viaProxy of [true, false]) {
      const res = await getHealth(broken, '/health/live', viaProxy);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    }
  });
});
