import { sendableAttributes } from './message-attributes';

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
