import { isLegacyOrderMessage, orderMessageAttributes, sendableAttributes } from './message-attributes';

describe(sendableAttributes.name, () => {
  it('keeps the type and value of each attribute and drops the empty list fields', () => {
    const binary = new Uint8Array([1, 2]);
    const sut = sendableAttributes({
      orderId: { DataType: 'String', StringValue: 'o-1', StringListValues: [], BinaryListValues: [] },
      blob: { DataType: 'Binary', BinaryValue: binary, StringListValues: [] },
    });
    expect(sut).toEqual({
      orderId: { DataType: 'String', StringValue: 'o-1' },
      blob: { DataType: 'Binary', BinaryValue: binary },
    });
  });

  it('gives nothing for no attributes', () => {
    expect(sendableAttributes(undefined)).toEqual({});
  });
});

describe(orderMessageAttributes.name, () => {
  it('marks every published order as keyed by customer, and a backstop with its hold', () => {
    expect(orderMessageAttributes({ orderId: 'o-1' }, { holdUntil: 5 })).toEqual({
      orderId: { DataType: 'String', StringValue: 'o-1' },
      orderKey: { DataType: 'String', StringValue: 'customer-order' },
      holdUntil: { DataType: 'Number', StringValue: '5' },
    });
    expect(isLegacyOrderMessage(orderMessageAttributes({ orderId: 'o-1' }))).toBe(false);
  });

  it('takes a message without the mark, or with another value, for one of the legacy shape', () => {
    expect(isLegacyOrderMessage(undefined)).toBe(true);
    expect(isLegacyOrderMessage({ orderId: { DataType: 'String', StringValue: 'o-1' } })).toBe(true);
    expect(isLegacyOrderMessage({ orderKey: { DataType: 'String', StringValue: 'order' } })).toBe(true);
  });
});
