import { parseOrderMessage } from './order-message';

const valid = { orderId: 'o-1', customerId: 'c-1', items: [{ productId: 'p', quantity: 2, price: 3.5 }] };

describe(parseOrderMessage.name, () => {
  it('accepts a valid order and copies only known fields', () => {
    expect(parseOrderMessage(JSON.stringify(valid))).toEqual({ ok: true, order: valid });
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[1,2]', /not a JSON object/],
    ['null', /not a JSON object/],
    [JSON.stringify({ ...valid, orderId: undefined }), /orderId is required/],
    [JSON.stringify({ ...valid, items: [] }), /items must contain at least 1 elements/],
    [
      JSON.stringify({ ...valid, items: [{ productId: 'p', quantity: 0, price: 1 }] }),
      /items\[0\]\.quantity must not be less than 1/,
    ],
    [JSON.stringify({ ...valid, extra: 1 }), /extra is not a known field/],
    [
      JSON.stringify({ ...valid, customer_id: 'c' }),
      /customer_id is not a known field: did you mean `customerId`\?/,
    ],
    [JSON.stringify({ ...valid, orderId: 'bad id!' }), /orderId must be 1-64 characters/],
  ])('rejects %s', (body, reason) => {
    const sut = parseOrderMessage(body);
    expect(sut.ok).toBe(false);
    expect(sut.ok === false && sut.reason).toMatch(reason);
  });

  it('rejects an absent body', () => {
    expect(parseOrderMessage(undefined).ok).toBe(false);
  });
});
