import { gzipSync } from 'node:zlib';
import type { Test } from 'supertest';
import { ReceiverHarness, uniqueId, validOrder, statusPath } from './receiver-harness';

type Send = (sut: ReceiverHarness, path: string) => Test;

/** Sends `body` as it is: superagent would serialize a Buffer to JSON for a JSON content type. */
const raw =
  (body: string | Buffer, headers: Record<string, string> = {}): Send =>
  (sut, path) =>
    sut.http
      .post(path)
      .set({ 'Content-Type': 'application/json', ...headers })
      .serialize((data: string | Buffer) => data as string)
      .send(body);
const json = (body: string | Buffer, contentType = 'application/json'): Send =>
  raw(body, { 'Content-Type': contentType });

const item = { productId: 'sku-1', quantity: 1, price: 1 };
/** A valid order as JSON text with `extra` spliced in before the closing brace. */
const orderWith = (extra: string) => `{"customerId":"c","items":[${JSON.stringify(item)}]${extra}}`;
const withOrderId = (orderId: string) => JSON.stringify(validOrder({ orderId }));

/**
 * Bodies a client could send to POST /orders/sync and /orders/async, each with the status it
 * must get and what the message must say.
 */
const hostileBodies: [string, Send, number, RegExp][] = [
  [
    'arrays nested 10 000 deep',
    json(`{"customerId":"c","items":${'['.repeat(1e4)}${']'.repeat(1e4)}}`),
    400,
    /nested deeper than 32/,
  ],
  [
    'objects nested 5 000 deep',
    json(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`),
    400,
    /nested deeper than 32/,
  ],
  [
    'an items array of 30 000 numbers',
    json(`{"customerId":"c","items":[${Array(3e4).fill(1).join(',')}]}`),
    400,
    /items must contain no more than 100/,
  ],
  [
    'an items array of 1 000 valid items',
    json(JSON.stringify(validOrder({ items: Array(1000).fill(item) }))),
    400,
    /items must contain no more than 100/,
  ],
  [
    'an items array over the body limit',
    json(JSON.stringify(validOrder({ items: Array(5000).fill(item) }))),
    413,
    /larger than the allowed limit/,
  ],
  [
    'a 60 KB customerId',
    json(JSON.stringify(validOrder({ customerId: 'c'.repeat(60 * 1024) }))),
    400,
    /customerId must be shorter than or equal to 64/,
  ],
  [
    'a 1 MB string',
    json(JSON.stringify(validOrder({ customerId: 'c'.repeat(1024 * 1024) }))),
    413,
    /larger than the allowed limit/,
  ],
  ['a 10 MB body', json(Buffer.alloc(10 * 1024 * 1024, 'a')), 413, /larger than the allowed limit/],
  [
    'price 1e309 (Infinity)',
    json(orderWith('').replace('"price":1', '"price":1e309')),
    400,
    /items\[0\]\.price must not be greater than 1000000/,
  ],
  [
    'price -1e309 (-Infinity)',
    json(orderWith('').replace('"price":1', '"price":-1e309')),
    400,
    /items\[0\]\.price must not be less than 0/,
  ],
  [
    'quantity -0',
    json(orderWith('').replace('"quantity":1', '"quantity":-0')),
    400,
    /items\[0\]\.quantity must not be less than 1/,
  ],
  [
    'quantity 2^53 + 1',
    json(orderWith('').replace('"quantity":1', '"quantity":9007199254740993')),
    400,
    /items\[0\]\.quantity must not be greater than 1000/,
  ],
  [
    'quantity 1e2 as a string',
    json(orderWith('').replace('"quantity":1', '"quantity":"1e2"')),
    400,
    /items\[0\]\.quantity must be an integer/,
  ],
  ['an orderId with a NUL', json(withOrderId('a\u0000b')), 400, /orderId must be 1-64 characters/],
  ['an orderId with a newline', json(withOrderId('a\nb')), 400, /orderId must be 1-64 characters/],
  ['an orderId with an accent', json(withOrderId('ordér-1')), 400, /orderId must be 1-64 characters/],
  [
    'an orderId with a right-to-left override',
    json(withOrderId('\u202eorder')),
    400,
    /orderId must be 1-64 characters/,
  ],
  ['an orderId with an emoji', json(withOrderId('order-💥')), 400, /orderId must be 1-64 characters/],
  ['an orderId with a lone surrogate', json(orderWith(',"orderId":"a\\ud800"')), 400, /well-formed Unicode/],
  [
    'a customerId with an escape sequence',
    json(JSON.stringify(validOrder({ customerId: 'c\u001b[31m' }))),
    400,
    /customerId must not contain control characters/,
  ],
  [
    'a productId with a NUL',
    json(JSON.stringify(validOrder({ items: [{ ...item, productId: 'p\u0000' }] }))),
    400,
    /items\[0\]\.productId must not contain control characters/,
  ],
  [
    'a C1 control character',
    json(JSON.stringify(validOrder({ customerId: 'c\u0085' }))),
    400,
    /customerId must not contain control characters/,
  ],
  [
    'a customerId with a lone surrogate',
    json(orderWith('').replace('"c"', '"\\udfff"')),
    400,
    /well-formed Unicode/,
  ],
  [
    'bytes that are not UTF-8',
    json(Buffer.from(orderWith('').replace('"c"', '"\xff\xfe"'), 'latin1')),
    400,
    /not valid UTF-8/,
  ],
  [
    'a __proto__ key',
    json(orderWith(',"__proto__":{"polluted":"yes"}')),
    400,
    /property __proto__ is not allowed/,
  ],
  [
    'a __proto__ key written with escapes',
    json(orderWith(',"\\u005f_proto__":{"polluted":"yes"}')),
    400,
    /property __proto__ is not allowed/,
  ],
  [
    'a __proto__ key in an item',
    json(
      `{"customerId":"c","items":[{"productId":"p","quantity":1,"price":1,"__proto__":{"polluted":"yes"}}]}`,
    ),
    400,
    /property __proto__ is not allowed/,
  ],
  [
    'a constructor.prototype key',
    json(orderWith(',"constructor":{"prototype":{"polluted":"yes"}}')),
    400,
    /property constructor is not allowed/,
  ],
  [
    'a prototype key',
    json(orderWith(',"prototype":{"polluted":"yes"}')),
    400,
    /property prototype is not allowed/,
  ],
  [
    'a repeated customerId',
    json('{"customerId":"a","customerId":"b","items":[{"productId":"p","quantity":1,"price":1}]}'),
    400,
    /property customerId appears more than once/,
  ],
  [
    'a repeated key in an item',
    json('{"customerId":"a","items":[{"productId":"p","quantity":1,"quantity":1000,"price":1}]}'),
    400,
    /property quantity appears more than once/,
  ],
  ['an empty body', json(''), 400, /customerId is required/],
  ['a JSON null', json('null'), 400, /Malformed JSON/],
  ['a JSON string', json('"order"'), 400, /Malformed JSON/],
  ['a truncated body', json('{"customerId":"c","items":[{"productId":"p"'), 400, /Malformed JSON/],
  [
    'charset=latin1',
    json(orderWith(''), 'application/json; charset=latin1'),
    415,
    /JSON must be UTF-8 \(got charset latin1\)/,
  ],
  ['charset=utf-16', json(orderWith(''), 'application/json; charset=utf-16'), 415, /JSON must be UTF-8/],
  [
    'application/json-patch+json',
    json('[]', 'application/json-patch+json'),
    415,
    /Content-Type must be application\/json/,
  ],
  [
    'application/merge-patch+json',
    json(orderWith(''), 'application/merge-patch+json'),
    415,
    /Content-Type must be application\/json/,
  ],
  ['text/json', json(orderWith(''), 'text/json'), 415, /Content-Type must be application\/json/],
  [
    'multipart/form-data',
    (sut, path) => sut.http.post(path).field('customerId', 'c').field('items', '[]'),
    415,
    /got multipart\/form-data/,
  ],
  [
    'a gzip body that inflates past the limit',
    raw(gzipBomb(), { 'Content-Encoding': 'gzip' }),
    413,
    /larger than the allowed limit/,
  ],
  [
    'gzip that is not gzip',
    raw(orderWith(''), { 'Content-Encoding': 'gzip' }),
    400,
    /does not decompress with its Content-Encoding/,
  ],
  [
    'truncated gzip',
    raw(gzipSync(orderWith('')).subarray(0, 20), { 'Content-Encoding': 'gzip' }),
    400,
    /does not decompress with its Content-Encoding/,
  ],
  [
    'an unknown Content-Encoding',
    raw(orderWith(''), { 'Content-Encoding': 'compress' }),
    415,
    /unsupported content encoding/,
  ],
];

/** 20 MB of JSON in about 20 KB of gzip. */
function gzipBomb(): Buffer {
  return gzipSync(`{"customerId":"${'c'.repeat(20 * 1024 * 1024)}"}`);
}

/** A raw orderId path segment under a valid customer: the path GET /customers/{customerId}/orders/{orderId} gets. */
const orderPath = (segment: string) => `${statusPath('')}${segment}`;
/** A raw customerId path segment with a valid orderId. */
const customerPath = (segment: string) => `/customers/${segment}/orders/order-1`;
const CUSTOMER_RULE = /customerId must not contain control characters/;

/** Paths for GET /customers/{customerId}/orders/{orderId} with the status they must get. */
const hostilePaths: [string, string, number, RegExp][] = [
  ['invalid percent-encoding %FF', orderPath('%FF'), 400, /Failed to decode param/],
  ['a lone %', orderPath('%'), 400, /Failed to decode param/],
  ['a truncated UTF-8 sequence', orderPath('%E2%82'), 400, /Failed to decode param/],
  ['an encoded NUL', orderPath('a%00b'), 400, /orderId must be 1-64 characters/],
  ['an encoded newline', orderPath('a%0D%0ASet-Cookie:%20x'), 400, /orderId must be 1-64 characters/],
  ['a right-to-left override', orderPath('%E2%80%AEorder'), 400, /orderId must be 1-64 characters/],
  ['an encoded slash', orderPath('a%2Fb'), 400, /orderId must be 1-64 characters/],
  ['dot segments', orderPath('..%2F..%2Fetc%2Fpasswd'), 400, /orderId must be 1-64 characters/],
  ['a 8 KB orderId', orderPath('a'.repeat(8 * 1024)), 400, /orderId must be 1-64 characters/],
  ['an encoded NUL in the customerId', customerPath('a%00b'), 400, CUSTOMER_RULE],
  ['an encoded newline in the customerId', customerPath('a%0D%0ASet-Cookie:%20x'), 400, CUSTOMER_RULE],
  ['invalid percent-encoding in the customerId', customerPath('%FF'), 400, /Failed to decode param/],
  [
    'a 8 KB customerId',
    customerPath('c'.repeat(8 * 1024)),
    400,
    /customerId must be shorter than or equal to 64/,
  ],
  ['a 8 KB unknown path', `/${'a'.repeat(8 * 1024)}`, 404, /Cannot GET/],
];

describe('order-receiver hostile input (e2e, moto)', () => {
  let sut: ReceiverHarness;
  let storedBefore: number;

  beforeAll(async () => {
    sut = await ReceiverHarness.start();
    storedBefore = await sut.itemCount();
  });
  afterAll(() => sut.stop());

  describe.each(['sync', 'async'])('POST /orders/%s', (mode) => {
    it.each(hostileBodies.map(([name, send, status, message]) => [name, status, message, send] as const))(
      'answers %s with %i, storing nothing',
      async (_name, status, message, send) => {
        const res = await send(sut, `/orders/${mode}`);
        expect(res.status).toBe(status);
        expect(res.body).toMatchObject({ statusCode: status, requestId: expect.any(String) });
        expect([res.body.message].flat().join('\n')).toMatch(message);
        expect(await sut.itemCount()).toBe(storedBefore);
      },
    );
  });

  describe('GET /customers/{customerId}/orders/{orderId}', () => {
    it.each(hostilePaths)('answers %s with %i', async (_name, path, status, message) => {
      const res = await sut.http.get(path);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, requestId: expect.any(String) });
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
      expect([res.body.message].flat().join('\n')).toMatch(message);
    });

    it('answers a 100 KB URL with 431 from the HTTP parser, before any code runs', async () => {
      const res = await sut.http.get(orderPath('a'.repeat(100 * 1024)));
      expect(res.status).toBe(431);
    });
  });

  describe('afterwards', () => {
    it('stored nothing', async () => {
      expect(await sut.itemCount()).toBe(storedBefore);
    });

    it('published nothing', async () => {
      expect(await sut.queuedBodies()).toEqual([]);
    });

    it('left Object.prototype unpolluted', () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    });

    it('never answered 5xx', async () => {
      const metrics = await sut.http.get('/metrics').expect(200);
      expect(metrics.text).toMatch(/http_requests_total\{[^}]*status="4\d\d"/);
      expect(metrics.text).not.toMatch(/http_requests_total\{[^}]*status="5\d\d"/);
    });

    it('is still healthy and takes orders', async () => {
      await sut.http.get('/health').expect(200);
      const orderId = uniqueId('after-hostile');
      await sut.http.post('/orders/async').send(validOrder({ orderId })).expect(202);
      await sut.http.get(statusPath(orderId)).expect(200);
    });
  });

  describe('edge values that are valid', () => {
    it('takes price -0 as 0', async () => {
      const res = await sut.http
        .post('/orders/sync')
        .set('Content-Type', 'application/json')
        .send(orderWith(`,"orderId":"${uniqueId('neg-zero')}"`).replace('"price":1', '"price":-0'))
        .expect(200);
      expect(Object.is(res.body.items[0].price, 0)).toBe(true);
      expect(res.body.totalAmount).toBe(0);
    });

    it('takes unicode text and a surrogate pair in customerId and productId', async () => {
      const res = await sut.http
        .post('/orders/sync')
        .send(validOrder({ customerId: 'Zoë \u202e 顧客 💥', items: [{ ...item, productId: 'sku-ß-💥' }] }))
        .expect(200);
      expect(res.body).toMatchObject({
        customerId: 'Zoë \u202e 顧客 💥',
        items: [{ productId: 'sku-ß-💥' }],
      });
    });

    it('takes an explicit charset=utf-8', async () => {
      await sut.http
        .post('/orders/sync')
        .set('Content-Type', 'application/json; charset="UTF-8"')
        .send(orderWith(''))
        .expect(200);
    });
  });
});
