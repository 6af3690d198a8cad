import { ORDER_SCOPES } from '@app/aws-resources';
import { tokenClaims } from '@app/emulator';
import { ReceiverHarness, uniqueId, validOrder } from './receiver-harness';

/**
 * Who may do what, with the emulator's real user tokens (demo and other: customers; admin) and
 * service tokens signed with its key: customers only for themselves, services within their
 * scopes, admins reading anyone's; another customer's order is a 404, as one that does not exist.
 */
describe('order-receiver authorization (e2e, moto)', () => {
  let sut: ReceiverHarness;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let admin: string;

  beforeAll(async () => {
    sut = await ReceiverHarness.start();
    const [a, b] = [await sut.userToken('demo'), await sut.userToken('other')];
    alice = { token: a, id: String(tokenClaims(a).sub) };
    bob = { token: b, id: String(tokenClaims(b).sub) };
    admin = await sut.userToken('admin');
  });
  afterAll(() => sut.stop());

  async function submitAs(token: string, customerId: string, orderId = uniqueId()) {
    const res = await sut
      .as(token)
      .post('/orders/async')
      .send(validOrder({ orderId, customerId }))
      .expect(202);
    return { orderId, res };
  }

  it('lets a customer submit and read its own order at /orders/{orderId}, which the 202 names', async () => {
    const { orderId, res } = await submitAs(alice.token, alice.id);
    expect(res.body.statusUrl).toBe(`/orders/${orderId}`);
    expect(res.headers.location).toBe(`/orders/${orderId}`);
    await sut.as(alice.token).get(`/orders/${orderId}`).expect(200);
    await sut.as(alice.token).get(`/customers/${alice.id}/orders/${orderId}`).expect(200);
    const sync = await sut
      .as(alice.token)
      .post('/orders/sync')
      .send(validOrder({ customerId: alice.id, orderId: uniqueId() }))
      .expect(200);
    expect(sync.body.customerId).toBe(alice.id);
  });

  it("answers another customer's order 404, exactly as an order that does not exist", async () => {
    const { orderId } = await submitAs(alice.token, alice.id);
    const foreign = await sut.as(bob.token).get(`/orders/${orderId}`).expect(404);
    const missing = await sut.as(bob.token).get(`/orders/${orderId}-none`).expect(404);
    expect(foreign.body.message).toBe(missing.body.message.replace(`${orderId}-none`, orderId));
    await sut.as(bob.token).get(`/customers/${alice.id}/orders/${orderId}`).expect(404);
    await sut.as(bob.token).get(`/customers/${bob.id}/orders/${orderId}`).expect(404);
  });

  it("refuses a customer's order for another customer with 403, storing nothing", async () => {
    const orderId = uniqueId();
    for (const route of ['/orders/async', '/orders/sync']) {
      const res = await sut
        .as(bob.token)
        .post(route)
        .send(validOrder({ orderId, customerId: alice.id }))
        .expect(403);
      expect(res.body).toMatchObject({
        statusCode: 403,
        message: expect.stringMatching(/customerId must be the token's subject/),
      });
    }
    expect(await sut.item(orderId)).toBeUndefined();
  });

  it("does not let a customer overwrite another's order", async () => {
    const { orderId } = await submitAs(alice.token, alice.id);
    await sut
      .as(bob.token)
      .post('/orders/async')
      .send(validOrder({ orderId, customerId: alice.id }))
      .expect(403);
    const stored = await sut.as(alice.token).get(`/orders/${orderId}`).expect(200);
    expect(stored.body.customerId).toBe(alice.id);
  });

  it('lets two customers use one orderId, each for an order of its own (no squatting)', async () => {
    const orderId = uniqueId();
    await submitAs(bob.token, bob.id, orderId);
    await submitAs(alice.token, alice.id, orderId);
    const mine = await sut.as(alice.token).get(`/orders/${orderId}`).expect(200);
    const theirs = await sut.as(bob.token).get(`/orders/${orderId}`).expect(200);
    expect([mine.body.customerId, theirs.body.customerId]).toEqual([alice.id, bob.id]);
  });

  it('lets a service submit for any customer and read each under /customers/{customerId}', async () => {
    for (const customerId of [alice.id, bob.id]) {
      const { orderId, res } = await submitAs(sut.defaultToken, customerId);
      const path = `/customers/${customerId}/orders/${orderId}`;
      expect(res.body.statusUrl).toBe(path);
      expect(res.headers.location).toBe(path);
      const read = await sut.http.get(path).expect(200);
      expect(read.body).toMatchObject({ orderId, customerId });
      await sut.http
        .get(`/customers/${customerId === alice.id ? bob.id : alice.id}/orders/${orderId}`)
        .expect(404);
    }
  });

  it('holds a service to its scopes: 403 with an insufficient_scope challenge', async () => {
    const readOnly = await sut.serviceToken([ORDER_SCOPES.read]);
    const writeOnly = await sut.serviceToken([ORDER_SCOPES.write]);
    const orderId = uniqueId();
    const write = await sut.as(readOnly).post('/orders/async').send(validOrder({ orderId })).expect(403);
    expect(write.headers['www-authenticate']).toBe(
      `Bearer realm="orders", error="insufficient_scope", scope="${ORDER_SCOPES.write}"`,
    );
    expect(await sut.item(orderId)).toBeUndefined();
    await sut.as(writeOnly).post('/orders/async').send(validOrder({ orderId })).expect(202);
    const read = await sut.as(writeOnly).get(`/customers/customer-1/orders/${orderId}`).expect(403);
    expect(read.headers['www-authenticate']).toMatch(`scope="${ORDER_SCOPES.read}"`);
    await sut.as(readOnly).get(`/customers/customer-1/orders/${orderId}`).expect(200);
  });

  it("lets an admin read any customer's order under /customers/{customerId}, and submit only its own", async () => {
    const a = await submitAs(alice.token, alice.id);
    const b = await submitAs(bob.token, bob.id);
    await sut.as(admin).get(`/customers/${alice.id}/orders/${a.orderId}`).expect(200);
    await sut.as(admin).get(`/customers/${bob.id}/orders/${b.orderId}`).expect(200);
    await sut.as(admin).get(`/orders/${a.orderId}`).expect(404);
    await sut
      .as(admin)
      .post('/orders/async')
      .send(validOrder({ customerId: alice.id }))
      .expect(403);
  });
});

describe('order-receiver with AUTH_DISABLED=true (e2e, moto)', () => {
  let sut: ReceiverHarness;
  beforeAll(async () => {
    sut = await ReceiverHarness.start({ AUTH_DISABLED: 'true' });
  });
  afterAll(() => sut.stop());

  it('lets anyone submit for and read any customer', async () => {
    const orderId = uniqueId();
    const res = await sut.anonymous.post('/orders/async').send(validOrder({ orderId })).expect(202);
    expect(res.body.statusUrl).toBe(`/customers/customer-1/orders/${orderId}`);
    await sut.anonymous.get(res.body.statusUrl as string).expect(200);
    // No token names no customer: /orders/{orderId} has nowhere to look, and says where to.
    const nowhere = await sut.anonymous.get(`/orders/${orderId}`).expect(404);
    expect(nowhere.body.message).toMatch(/reads them at \/customers\/\{customerId\}\/orders\/\{orderId\}/);
  });
});
