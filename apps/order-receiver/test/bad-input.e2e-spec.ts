import { ReceiverHarness, statusPath, uniqueId, validOrder } from './receiver-harness';

/** Every rejected request: the right 4xx, a message naming what is wrong, nothing stored or published. */
describe('order-receiver bad input (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    sut = await ReceiverHarness.start();
  });
  afterAll(() => sut.stop());

  const item = { productId: 'sku-1', quantity: 1, price: 1 };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['missing customerId', { items: [item] }, /customerId is required/],
    ['missing items', { customerId: 'c' }, /items is required/],
    ['wrong-typed customerId', { customerId: 42, items: [item] }, /customerId must be a string/],
    ['empty customerId', { customerId: '', items: [item] }, /customerId must be longer than or equal to 1/],
    [
      'customerId over 64 chars',
      { customerId: 'c'.repeat(65), items: [item] },
      /customerId must be shorter than or equal to 64/,
    ],
    ['items not an array', { customerId: 'c', items: 'x' }, /items must be an array/],
    ['empty items', { customerId: 'c', items: [] }, /items must contain at least 1 elements/],
    [
      '101 items',
      { customerId: 'c', items: Array(101).fill(item) },
      /items must contain no more than 100 elements/,
    ],
    [
      'quantity 0',
      { customerId: 'c', items: [{ ...item, quantity: 0 }] },
      /items\[0\]\.quantity must not be less than 1/,
    ],
    [
      'quantity 1001',
      { customerId: 'c', items: [{ ...item, quantity: 1001 }] },
      /items\[0\]\.quantity must not be greater than 1000/,
    ],
    [
      'fractional quantity',
      { customerId: 'c', items: [{ ...item, quantity: 1.5 }] },
      /items\[0\]\.quantity must be an integer/,
    ],
    [
      'quantity as string',
      { customerId: 'c', items: [{ ...item, quantity: '2' }] },
      /items\[0\]\.quantity must be an integer/,
    ],
    [
      'negative price',
      { customerId: 'c', items: [{ ...item, price: -1 }] },
      /items\[0\]\.price must not be less than 0/,
    ],
    [
      'price over 1000000',
      { customerId: 'c', items: [{ ...item, price: 1000000.01 }] },
      /items\[0\]\.price must not be greater than 1000000/,
    ],
    [
      // DynamoDB rejects numbers below 1E-130 ("Number underflow"): this must be a 400, not a 503 or 500.
      'price below what DynamoDB stores (1e-200)',
      { customerId: 'c', items: [{ ...item, price: 1e-200 }] },
      /items\[0\]\.price must have at most 2 decimals/,
    ],
    [
      'price with more than 2 decimals',
      { customerId: 'c', items: [{ ...item, price: 9.999 }] },
      /items\[0\]\.price must have at most 2 decimals/,
    ],
    [
      'missing productId',
      { customerId: 'c', items: [{ quantity: 1, price: 1 }] },
      /items\[0\]\.productId is required/,
    ],
    ['item not an object', { customerId: 'c', items: [5] }, /items\[0\] must be an object/],
    [
      'unknown top-level field',
      { customerId: 'c', items: [item], coupon: 'FREE' },
      /^coupon is not a known field$/,
    ],
    [
      'unknown item field',
      { customerId: 'c', items: [{ ...item, color: 'red' }] },
      /^items\[0\]\.color is not a known field$/,
    ],
    [
      'orderId with a space',
      { orderId: 'a b', customerId: 'c', items: [item] },
      /orderId must be 1-64 characters/,
    ],
    [
      'orderId over 64 chars',
      { orderId: 'a'.repeat(65), customerId: 'c', items: [item] },
      /orderId must be 1-64 characters/,
    ],
    ['orderId not a string', { orderId: 7, customerId: 'c', items: [item] }, /orderId must be a string/],
  ];

  /** One message per bad field, the first rule that applies to it, starting with the field's path. */
  const exactly: [string, unknown, string[]][] = [
    [
      'the snake_case style of other order APIs',
      { order_id: 'o-1', customer_id: 7, items: [item] },
      [
        'order_id is not a known field: did you mean `orderId`?',
        'customer_id is not a known field: did you mean `customerId`?',
        'customerId is required',
      ],
    ],
    [
      'an item field in kebab-case and PascalCase',
      { customerId: 'c', items: [{ 'product-id': 'p', quantity: 1, Price: 1 }] },
      [
        'items[0].product-id is not a known field: did you mean `productId`?',
        'items[0].Price is not a known field: did you mean `price`?',
        'items[0].productId is required',
        'items[0].price is required',
      ],
    ],
    [
      'items: [null, 5]',
      { customerId: 'c', items: [null, 5] },
      ['items[0] must be an object', 'items[1] must be an object'],
    ],
    [
      'an item that is an array of items',
      { customerId: 'c', items: [[item]] },
      ['items[0] must be an object'],
    ],
    ['items: "x"', { customerId: 'c', items: 'x' }, ['items must be an array']],
    ['items: {}', { customerId: 'c', items: {} }, ['items must be an array']],
    ['customerId: 7', { customerId: 7, items: [item] }, ['customerId must be a string']],
    ['customerId: null', { customerId: null, items: [item] }, ['customerId must be a string']],
    [
      'a missing quantity',
      { customerId: 'c', items: [{ productId: 'p', price: 1 }] },
      ['items[0].quantity is required'],
    ],
    [
      'quantity: "2"',
      { customerId: 'c', items: [{ ...item, quantity: '2' }] },
      ['items[0].quantity must be an integer'],
    ],
    [
      'quantity: 2.5',
      { customerId: 'c', items: [{ ...item, quantity: 2.5 }] },
      ['items[0].quantity must be an integer'],
    ],
    [
      'price: "1.00"',
      { customerId: 'c', items: [{ ...item, price: '1.00' }] },
      ['items[0].price must be a number'],
    ],
    [
      'price: 1e-200',
      { customerId: 'c', items: [{ ...item, price: 1e-200 }] },
      ['items[0].price must have at most 2 decimals (cents)'],
    ],
    [
      'a bad price in the second item',
      { customerId: 'c', items: [item, { ...item, price: 'x' }] },
      ['items[1].price must be a number'],
    ],
    [
      'an unknown item field',
      { customerId: 'c', items: [{ ...item, sku: 'x' }] },
      ['items[0].sku is not a known field'],
    ],
  ];

  describe.each(['sync', 'async'])('POST /orders/%s', (mode) => {
    it.each(exactly)('answers %s with one message per bad field', async (_name, body, messages) => {
      const before = await sut.itemCount();
      const res = await sut.http
        .post(`/orders/${mode}`)
        .send(body as object)
        .expect(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        requestId: expect.any(String),
      });
      expect(res.body.message).toEqual(messages);
      expect(await sut.itemCount()).toBe(before);
    });

    it.each(cases)('rejects %s with 400 naming the field', async (_name, body, message) => {
      const before = await sut.itemCount();
      const res = await sut.http.post(`/orders/${mode}`).send(body).expect(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.error).toBe('Bad Request');
      expect([res.body.message].flat().join('\n')).toMatch(message);
      expect(await sut.itemCount()).toBe(before);
    });

    it('rejects malformed JSON with 400', async () => {
      const res = await sut.http
        .post(`/orders/${mode}`)
        .set('Content-Type', 'application/json')
        .send('{"customerId": "c", "items": [')
        .expect(400);
      expect(res.body.message).toMatch(/Malformed JSON/);
      expect(res.body.requestId).toEqual(expect.any(String));
    });

    it('rejects a JSON body that is not an object with 400', async () => {
      const res = await sut.http
        .post(`/orders/${mode}`)
        .set('Content-Type', 'application/json')
        .send('[1,2]')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: ['body must be a JSON object'] });
    });

    it('rejects a body over 64 KB with 413', async () => {
      const before = await sut.itemCount();
      const body = JSON.stringify(validOrder({ customerId: 'c', padding: 'x'.repeat(70 * 1024) }));
      const res = await sut.http
        .post(`/orders/${mode}`)
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(413);
      expect(res.body.message).toMatch(/larger than the allowed limit/);
      expect(await sut.itemCount()).toBe(before);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
      'rejects Content-Type %s with 415',
      async (type) => {
        const res = await sut.http
          .post(`/orders/${mode}`)
          .set('Content-Type', type)
          .send('customerId=c')
          .expect(415);
        expect(res.body.message).toMatch(/Content-Type must be application\/json/);
      },
    );

    it('rejects a missing Content-Type with 415', async () => {
      const res = await sut.http.post(`/orders/${mode}`).expect(415);
      expect(res.body.message).toMatch(/got none/);
    });
  });

  it('publishes nothing for rejected async orders', async () => {
    await sut.http.post('/orders/async').send({ customerId: 'c', items: [] }).expect(400);
    expect(await sut.queuedBodies()).toEqual([]);
  });

  it.each([
    ['GET', '/nope'],
    ['POST', '/orders'],
    ['GET', '/orders/a'],
    ['GET', `${statusPath('a')}/b`],
  ])('answers 404 JSON for unknown route %s %s', async (method, path) => {
    const res = await sut.http[method.toLowerCase() as 'get'](path)
      .set('Content-Type', 'application/json')
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it.each([
    ['DELETE', statusPath('x'), 'GET, HEAD, OPTIONS'],
    ['PUT', statusPath('x'), 'GET, HEAD, OPTIONS'],
    ['POST', '/health/live', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/orders/async', 'OPTIONS, POST'],
    ['TRACE', '/orders/sync', 'OPTIONS, POST'],
  ])('answers %s %s with 405 and Allow: %s, before any Content-Type check', async (method, path, allow) => {
    const res = await sut.http[method.toLowerCase() as 'get'](path).expect(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('answers OPTIONS with 204 and the Allow header', async () => {
    const res = await sut.http.options('/orders/sync').expect(204);
    expect(res.headers.allow).toBe('OPTIONS, POST');
  });

  it('never answered 500 in this suite', async () => {
    const metrics = await sut.http.get('/metrics').expect(200);
    expect(metrics.text).not.toMatch(/http_requests_total\{[^}]*status="5\d\d"/);
    expect(uniqueId()).toBeTruthy();
  });
});
