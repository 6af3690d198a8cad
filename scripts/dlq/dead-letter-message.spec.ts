import { Message } from '@aws-sdk/client-sqs';
import {
  BODY_EXCERPT_LENGTH,
  describeDeadLetter,
  orderIdOf,
  redriveAttributes,
  redrivenSince,
} from './dead-letter-message';

const str = (StringValue: string) => ({
  DataType: 'String',
  StringValue,
  StringListValues: [],
  BinaryListValues: [],
});

describe(describeDeadLetter.name, () => {
  it('shows the id, customer and order, reason, receive count, sent time and body', () => {
    const sut = describeDeadLetter({
      MessageId: 'm-1',
      Body: '{"orderId":"o-1","customerId":"c 1"}',
      Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1767225600000' },
      MessageAttributes: {
        failureReason: str('payment declined'),
        orderId: str('o-1'),
        orderKey: str('customer-order'),
      },
    });
    expect(sut).toEqual({
      messageId: 'm-1',
      orderId: 'o-1',
      customerId: 'c 1',
      legacy: false,
      failureReason: 'payment declined',
      receiveCount: 2,
      sentAt: '2026-01-01T00:00:00.000Z',
      bodyExcerpt: '{"orderId":"o-1","customerId":"c 1"}',
    });
  });

  it('tells a message of the legacy shape (no orderKey attribute)', () => {
    const sut = describeDeadLetter({ MessageId: 'm-3', Body: '{"orderId":"o-1","customerId":"c-1"}' });
    expect(sut).toMatchObject({ orderId: 'o-1', customerId: 'c-1', legacy: true });
  });

  it('cuts a long body and explains a message SQS moved by itself', () => {
    const sut = describeDeadLetter({ MessageId: 'm-2', Body: 'x'.repeat(500) });
    expect(sut.bodyExcerpt).toHaveLength(BODY_EXCERPT_LENGTH + 1);
    expect(sut.failureReason).toMatch(/moved by SQS/);
    expect(sut.receiveCount).toBeUndefined();
  });
});

describe(orderIdOf.name, () => {
  it.each<[string, Message, string | undefined]>([
    ['the attribute', { Body: '{}', MessageAttributes: { orderId: str('a-1') } }, 'a-1'],
    ['the body', { Body: '{"orderId":"b-1","items":"bad"}' }, 'b-1'],
    ['nothing in bad JSON', { Body: '{nope' }, undefined],
    ['nothing for an id the API would refuse', { Body: '{"orderId":"bad id!"}' }, undefined],
    ['nothing for a JSON null', { Body: 'null' }, undefined],
  ])('reads %s', (_, message, expected) => {
    const sut = orderIdOf(message);
    expect(sut).toBe(expected);
  });
});

describe(redriveAttributes.name, () => {
  it('keeps the original attributes, drops the dead-letter ones and marks the redrive', () => {
    const now = new Date('2026-01-02T03:04:05.000Z');
    const sut = redriveAttributes(
      {
        MessageAttributes: {
          orderId: str('o-1'),
          orderKey: str('customer-order'),
          failureReason: str('x'),
          sourceMessageId: str('s'),
        },
      },
      now,
    );
    expect(sut).toEqual({
      orderId: { DataType: 'String', StringValue: 'o-1' },
      orderKey: { DataType: 'String', StringValue: 'customer-order' },
      redrivenAt: { DataType: 'String', StringValue: now.toISOString() },
    });
    expect(redrivenSince({ MessageAttributes: sut }, now)).toBe(true);
    expect(redrivenSince({ MessageAttributes: sut }, new Date(now.getTime() + 1))).toBe(false);
    expect(redrivenSince({}, now)).toBe(false);
  });
});
