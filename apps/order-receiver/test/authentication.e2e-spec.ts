import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { cognitoIssuer } from '@app/aws-resources';
import { LOCAL_USER_PASSWORD, LOCAL_USERS, tokenClaims } from '@app/emulator';
import { tamperedToken, unsignedToken } from '@app/testing';
import { StatusUrlSigner } from '../src/auth/status-url.signer';
import { ReceiverHarness, uniqueId, validOrder } from './receiver-harness';

const now = () => Math.floor(Date.now() / 1000);

/** Who may call at all: every way a token can be wrong is a 401 that stores nothing (e2e, moto's user pool). */
describe('order-receiver authentication (e2e, moto)', () => {
  let sut: ReceiverHarness;
  beforeAll(async () => {
    sut = await ReceiverHarness.start();
  });
  afterAll(() => sut.stop());

  /** POSTs an order with `token` and expects a 401 naming `reason`, the token not echoed, nothing stored. */
  async function expectRefused(token: string, reason: RegExp): Promise<void> {
    const before = await sut.itemCount();
    const orderId = uniqueId();
    const res = await sut.as(token).post('/orders/async').send(validOrder({ orderId })).expect(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.stringMatching(reason),
      requestId: expect.any(String),
    });
    expect(res.headers['www-authenticate']).toMatch(
      /^Bearer realm="orders", error="invalid_token", error_description="[^"]+"$/,
    );
    expect(res.text).not.toContain(token);
    expect(await sut.itemCount()).toBe(before);
    expect(await sut.item(orderId)).toBeUndefined();
  }

  it('answers a request without a token 401 with the bare challenge, storing nothing', async () => {
    const res = await sut.anonymous
      .post('/orders/sync')
      .send(validOrder({ orderId: uniqueId() }))
      .expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="orders"');
    expect(res.body).toMatchObject({
      statusCode: 401,
      message: expect.stringMatching(/Authorization: Bearer/),
    });
    await sut.anonymous.get(`/orders/${uniqueId()}`).expect(401);
    expect(await sut.itemCount()).toBe(0);
  });

  it('refuses a token before reading the body: a malformed body without a token is 401, not 400', async () => {
    await sut.anonymous
      .post('/orders/async')
      .set('content-type', 'application/json')
      .send('{"items": [')
      .expect(401);
  });

  it('keeps health, liveness, metrics and the docs open', async () => {
    for (const path of ['/health', '/health/live', '/metrics', '/docs-json', '/docs']) {
      const res = await sut.anonymous.get(path);
      expect([path, res.status]).toEqual([path, 200]);
    }
  });

  it('refuses unknown paths without a token too', async () => {
    await sut.anonymous.get('/nope').expect(401);
    await sut.http.get('/nope').expect(404);
  });

  it('accepts a customer token the user pool issued and a service token signed with its key', async () => {
    const demo = await sut.userToken('demo');
    const customerId = tokenClaims(demo).sub as string;
    await sut
      .as(demo)
      .post('/orders/async')
      .send(validOrder({ customerId, orderId: uniqueId() }))
      .expect(202);
    await sut.http
      .post('/orders/async')
      .send(validOrder({ orderId: uniqueId() }))
      .expect(202);
  });

  it.each([
    ['not a JWT', async () => 'not-a-token', /not a well-formed JWT/],
    [
      'a JWT with an RS256 header and no payload',
      async () => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.x.y`,
      /not a well-formed JWT/,
    ],
    [
      'expired',
      async () => sut.serviceToken(undefined, { claims: { iat: now() - 7200, exp: now() - 60 } }),
      /expired/,
    ],
    [
      'not yet valid (nbf)',
      async () => sut.serviceToken(undefined, { claims: { nbf: now() + 600 } }),
      /not valid yet/,
    ],
    [
      'issued by another pool (iss)',
      async () =>
        sut.serviceToken(undefined, { claims: { iss: cognitoIssuer('eu-west-1', 'eu-west-1_Other123') } }),
      /not issued by this API's user pool/,
    ],
    [
      'issued to another app client (client_id)',
      async () =>
        sut.serviceToken(undefined, { claims: { client_id: 'someotherclient', sub: 'someotherclient' } }),
      /app client this API does not accept/,
    ],
    ['an id token (token_use id)', () => idToken(), /not an access token/],
    [
      'an id token signed like a service token',
      async () => sut.serviceToken(undefined, { claims: { token_use: 'id' } }),
      /not an access token/,
    ],
    [
      'naming no signing key (no kid)',
      async () => sut.serviceToken(undefined, { header: { kid: undefined } }),
      /names no signing key \(kid\)/,
    ],
    [
      'unsigned (alg none)',
      async () => unsignedToken(tokenClaims(await sut.serviceToken())),
      /must be signed with RS256/,
    ],
    [
      'signed with another key',
      async () =>
        sut.serviceToken(undefined, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
      /signature does not verify/,
    ],
    [
      'tampered with (payload changed, signature kept)',
      async () => tamperedToken(await sut.userToken('demo'), (p) => ({ ...p, sub: 'customer-1' })),
      /signature does not verify/,
    ],
  ])('refuses a token that is %s: 401, nothing stored', async (_case, token, reason) => {
    await expectRefused(await token(), reason);
  });

  it('refuses an Authorization header of another scheme', async () => {
    const res = await sut.anonymous
      .post('/orders/async')
      .set('Authorization', 'Basic ZGVtbzpzZWNyZXQ=')
      .send(validOrder())
      .expect(401);
    expect(res.body.message).toMatch(/Bearer <token>/);
  });

  /** A real id token of a local user, from the emulator's InitiateAuth. */
  async function idToken(): Promise<string> {
    const { AuthenticationResult } = await sut.clients.identity!.cognito.send(
      new InitiateAuthCommand({
        ClientId: sut.identity.customerClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: LOCAL_USERS.demo.username, PASSWORD: LOCAL_USER_PASSWORD },
      }),
    );
    return AuthenticationResult!.IdToken!;
  }
});

describe('order-receiver signing keys (e2e, moto)', () => {
  describe('fetched through a counting proxy', () => {
    let sut: ReceiverHarness;
    let keyServer: Server;
    let fetches = 0;
    let jwksUrl = '';

    beforeAll(async () => {
      keyServer = createServer((_req, res) => {
        fetches++;
        void fetch(jwksUrl).then(async (upstream) => {
          res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
        });
      });
      await new Promise<void>((ok) => keyServer.listen(0, '127.0.0.1', ok));
      const { port } = keyServer.address() as AddressInfo;
      sut = await ReceiverHarness.start({ COGNITO_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
      jwksUrl = sut.identity.jwksUrl;
    });
    afterAll(async () => {
      await sut.stop();
      keyServer.close();
    });

    /** signing_key_fetches_total{outcome="ok"} of /metrics: what the bench and an operator see. */
    const countedFetches = async () => {
      const { text } = await sut.http.get('/metrics').expect(200);
      return Number(/^signing_key_fetches_total\{outcome="ok"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };

    it('fetches the keys once for many requests, and at most once more for many tokens naming an unknown kid', async () => {
      const countedBefore = await countedFetches();
      for (let i = 0; i < 5; i++) await sut.http.get(`/orders/${uniqueId()}`).expect(404);
      expect(fetches).toBe(1);
      for (let i = 0; i < 20; i++) {
        const token = await sut.serviceToken(undefined, { header: { kid: `rotated-${i}` } });
        const res = await sut.as(token).get(`/orders/${uniqueId()}`).expect(401);
        expect(res.body.message).toMatch(/key the user pool does not publish/);
      }
      expect(fetches).toBe(2);
      await sut.http.get(`/orders/${uniqueId()}`).expect(404);
      expect(fetches).toBe(2);
      expect((await countedFetches()) - countedBefore).toBe(2);
    });
  });

  describe('unreachable', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      const closed = createServer();
      await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
      const { port } = closed.address() as AddressInfo;
      await new Promise((ok) => closed.close(ok));
      sut = await ReceiverHarness.start({ COGNITO_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
    });
    afterAll(() => sut.stop());

    it('answers a valid token 503 with Retry-After (an outage, not the caller’s fault), storing nothing', async () => {
      const res = await sut.http
        .post('/orders/async')
        .send(validOrder({ orderId: uniqueId() }))
        .expect(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toMatchObject({
        statusCode: 503,
        message: expect.stringMatching(/keys .* cannot be fetched/),
      });
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(await sut.itemCount()).toBe(0);
    });
  });
});

describe('order-receiver signed status URLs (e2e, moto)', () => {
  const KEY = 'k'.repeat(16) + 'e2e-signing-key-0123';

  describe('with STATUS_URL_SIGNING_KEY', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      sut = await ReceiverHarness.start({ STATUS_URL_SIGNING_KEY: KEY, STATUS_URL_TTL_SECONDS: '60' });
    });
    afterAll(() => sut.stop());

    async function accepted(customerId = 'customer-1') {
      const orderId = uniqueId();
      const res = await sut.http.post('/orders/async').send(validOrder({ orderId, customerId })).expect(202);
      return { orderId, customerId, statusUrl: res.body.statusUrl as string, location: res.headers.location };
    }

    it('signs the statusUrl, which reads that order without a token until it expires', async () => {
      const { orderId, customerId, statusUrl, location } = await accepted();
      const path = `/customers/${customerId}/orders/${orderId}`;
      expect(location).toBe(path);
      const url = new URL(statusUrl, 'http://x');
      expect(url.pathname).toBe(path);
      const expires = Number(url.searchParams.get('expires'));
      expect(expires).toBeGreaterThan(now() + 50);
      expect(expires).toBeLessThanOrEqual(now() + 61);
      expect(url.searchParams.get('signature')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const res = await sut.anonymous.get(statusUrl).expect(200);
      expect(res.body).toMatchObject({ orderId, customerId });
    });

    it('refuses an altered, expired or misplaced signature with 401', async () => {
      const first = await accepted();
      const second = await accepted();
      const url = new URL(first.statusUrl, 'http://x');
      const signature = url.searchParams.get('signature')!;
      const expires = url.searchParams.get('expires')!;
      const altered = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const refused = [
        `${url.pathname}?expires=${expires}&signature=${altered}`,
        `${url.pathname}?expires=${Number(expires) + 3600}&signature=${signature}`,
        `/customers/customer-1/orders/${second.orderId}?expires=${expires}&signature=${signature}`,
        `${url.pathname}?expires=${expires}`,
        new StatusUrlSigner(KEY, 60, () => Date.now() - 3_600_000).sign(url.pathname)!,
      ];
      for (const path of refused) {
        const res = await sut.anonymous.get(path);
        expect([path, res.status]).toEqual([path, 401]);
        expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
      }
      const expired = await sut.anonymous.get(refused[4]).expect(401);
      expect(expired.body.message).toMatch(/expired/);
    });

    it('opens only the GET of that one order', async () => {
      const { statusUrl } = await accepted();
      const query = statusUrl.slice(statusUrl.indexOf('?'));
      await sut.anonymous.post(`/orders/async${query}`).send(validOrder()).expect(401);
      await sut.anonymous.delete(statusUrl).expect(401);
    });
  });

  describe('without STATUS_URL_SIGNING_KEY', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      sut = await ReceiverHarness.start();
    });
    afterAll(() => sut.stop());

    it('issues unsigned status URLs and refuses any signature', async () => {
      const orderId = uniqueId();
      const res = await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      expect(res.body.statusUrl).toBe(`/customers/customer-1/orders/${orderId}`);
      const forged = new StatusUrlSigner(KEY, 60).sign(res.body.statusUrl as string)!;
      const refused = await sut.anonymous.get(forged).expect(401);
      expect(refused.body.message).toMatch(/not enabled/);
    });
  });
});
