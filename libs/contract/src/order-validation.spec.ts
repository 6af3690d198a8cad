import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ORDER_ID_RULE } from '@app/domain';
import { CreateOrderDto } from './create-order.dto';
import { describeValidationErrors, ORDER_VALIDATION_OPTIONS } from './order-validation';

const item = { productId: 'sku-1', quantity: 1, price: 1 };
const order = (fields: Record<string, unknown>) => ({ customerId: 'c', items: [item], ...fields });
const withItem = (fields: Record<string, unknown>) => order({ items: [{ ...item, ...fields }] });

/** What a client is told about `body`, validated as the API and the processor validate it. */
function messagesFor(body: unknown): string[] {
  const sut = describeValidationErrors;
  return sut(validateSync(plainToInstance(CreateOrderDto, body), ORDER_VALIDATION_OPTIONS));
}

describe(describeValidationErrors.name, () => {
  it('has nothing to say about a valid order', () => {
    expect(messagesFor(order({ orderId: 'o-1' }))).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    // One message per bad field: the first rule that applies, named by its path.
    [
      'the snake_case style of other order APIs',
      { order_id: 'o-1', customer_id: 7, items: [item] },
      [
        'order_id is not a known field: did you mean `orderId`?',
        'customer_id is not a known field: did you mean `customerId`?',
        'customerId is required',
      ],
    ],
    ['a missing customerId', { items: [item] }, ['customerId is required']],
    ['customerId: 7', order({ customerId: 7 }), ['customerId must be a string']],
    ['customerId: null', order({ customerId: null }), ['customerId must be a string']],
    [
      'an empty customerId',
      order({ customerId: '' }),
      ['customerId must be longer than or equal to 1 characters'],
    ],
    [
      'a customerId with an escape sequence',
      order({ customerId: 'c\u001b[31m' }),
      ['customerId must not contain control characters'],
    ],
    ['orderId: null', order({ orderId: null }), ['orderId must be a string']],
    ['orderId with a space', order({ orderId: 'a b' }), [ORDER_ID_RULE]],
    ['missing items', { customerId: 'c' }, ['items is required']],
    ['items: "x"', order({ items: 'x' }), ['items must be an array']],
    ['items: {}', order({ items: {} }), ['items must be an array']],
    ['items: null', order({ items: null }), ['items must be an array']],
    ['items: []', order({ items: [] }), ['items must contain at least 1 elements']],
    [
      'items: 30 000 numbers',
      order({ items: Array(30000).fill(1) }),
      ['items must contain no more than 100 elements'],
    ],
    [
      'items: [null, 5]',
      order({ items: [null, 5] }),
      ['items[0] must be an object', 'items[1] must be an object'],
    ],
    ['an item that is an array of items', order({ items: [item, [item]] }), ['items[1] must be an object']],
    ['a missing quantity', withItem({ quantity: undefined }), ['items[0].quantity is required']],
    ['quantity: "2"', withItem({ quantity: '2' }), ['items[0].quantity must be an integer']],
    ['quantity: 2.5', withItem({ quantity: 2.5 }), ['items[0].quantity must be an integer']],
    ['quantity: 0', withItem({ quantity: 0 }), ['items[0].quantity must not be less than 1']],
    ['quantity: 1001', withItem({ quantity: 1001 }), ['items[0].quantity must not be greater than 1000']],
    ['price: "1.00"', withItem({ price: '1.00' }), ['items[0].price must be a number']],
    ['price: 1e-200', withItem({ price: 1e-200 }), ['items[0].price must have at most 2 decimals (cents)']],
    ['price: 9.999', withItem({ price: 9.999 }), ['items[0].price must have at most 2 decimals (cents)']],
    ['price: -1', withItem({ price: -1 }), ['items[0].price must not be less than 0']],
    [
      'price: Infinity (1e309)',
      withItem({ price: Infinity }),
      ['items[0].price must not be greater than 1000000'],
    ],
    ['price: -Infinity', withItem({ price: -Infinity }), ['items[0].price must not be less than 0']],
    [
      'a bad price in the second item',
      order({ items: [item, { ...item, price: 'x' }] }),
      ['items[1].price must be a number'],
    ],
    [
      'three bad fields in one item',
      order({ items: [{ productId: 5, quantity: 0 }] }),
      [
        'items[0].productId must be a string',
        'items[0].quantity must not be less than 1',
        'items[0].price is required',
      ],
    ],
    ['an unknown field', order({ coupon: 'FREE' }), ['coupon is not a known field']],
    ['an unknown item field', withItem({ sku: 'x' }), ['items[0].sku is not a known field']],
  ])('%s', (_name, body, expected) => {
    expect(messagesFor(body)).toEqual(expected);
  });

  it.each([
    ['snake_case', 'customer_id', 'customerId'],
    ['kebab-case', 'customer-id', 'customerId'],
    ['PascalCase', 'CustomerId', 'customerId'],
    ['different capitals', 'customerID', 'customerId'],
    ['SCREAMING_SNAKE_CASE', 'CUSTOMER_ID', 'customerId'],
    ['lower case', 'orderid', 'orderId'],
  ])('suggests the known field for one in %s (%s)', (_style, field, known) => {
    const { customerId, ...rest } = order({});
    expect(messagesFor({ ...rest, [field]: customerId })).toContain(
      `${field} is not a known field: did you mean \`${known}\`?`,
    );
  });

  it('suggests the known field of an item for an item field in another case style', () => {
    expect(messagesFor(order({ items: [{ product_id: 'p', quantity: 1, Price: 1 }] }))).toEqual([
      'items[0].product_id is not a known field: did you mean `productId`?',
      'items[0].Price is not a known field: did you mean `price`?',
      'items[0].productId is required',
      'items[0].price is required',
    ]);
  });

  it('starts every message with the path of its field', () => {
    const messages = messagesFor({
      customerId: '',
      items: [{ ...item, quantity: '2' }, null, { ...item, color: 'red' }],
      extra: 1,
    });
    expect(messages).toEqual([
      'extra is not a known field',
      'customerId must be longer than or equal to 1 characters',
      'items[1] must be an object',
    ]);
  });
});
