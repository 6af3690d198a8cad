import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CommonConfig } from '@app/config';
import { OrderStatus } from '@app/domain';
import { DynamoOrderRepository } from './order.repository';

const conditionFailed = (Item?: ConditionalCheckFailedException['Item']) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item });

/** The finishing writes' answer to a retry whose first attempt DynamoDB applied. */
const key = { customerId: 'c-1', orderId: 'o-1' };

describe(DynamoOrderRepository.name, () => {
  const send = jest.fn();
  const sut = new DynamoOrderRepository(
    { send } as unknown as DynamoDBDocumentClient,
    {
      ORDERS_TABLE_NAME: 'orders',
    } as CommonConfig,
  );

  beforeEach(() => send.mockReset());

  const finishedItem = (finishedBy: string) => ({
    Item: { orderId: 'o-1', status: OrderStatus.COMPLETED, finishedBy },
  });

  it('records who finished the order in the same conditional write', async () => {
    send.mockResolvedValueOnce({ Attributes: { orderId: 'o-1', status: OrderStatus.COMPLETED } });
    await sut.complete(key, 'owner-a', new Date());
    const update = send.mock.calls[0][0] as UpdateCommand;
    expect(update.input.UpdateExpression).toContain('finishedBy = :owner');
    expect(update.input.ConditionExpression).toBe('leaseOwner = :owner AND #status = :processing');
  });

  it('treats a failed condition as its own result when this owner already finished the order', async () => {
    send.mockRejectedValueOnce(conditionFailed()).mockResolvedValueOnce(finishedItem('owner-a'));
    await expect(sut.complete(key, 'owner-a', new Date())).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(send.mock.calls[1][0]).toBeInstanceOf(GetCommand);
  });

  it('reports a lost lease when another owner finished it', async () => {
    send.mockRejectedValueOnce(conditionFailed()).mockResolvedValueOnce(finishedItem('owner-b'));
    await expect(sut.fail(key, 'owner-a', 'boom', new Date())).resolves.toBeUndefined();
  });

  describe('a refused write answers with the item it found (ReturnValuesOnConditionCheckFailure)', () => {
    const order = {
      orderId: 'o-1',
      customerId: 'c-1',
      items: [{ productId: 'p-1', quantity: 2, price: 9.5 }],
    };
    const stored = {
      orderId: { S: 'o-1' },
      status: { S: OrderStatus.PENDING },
      attempts: { N: '0' },
      items: { L: [{ M: { productId: { S: 'p-1' }, quantity: { N: '2' }, price: { N: '9.5' } } }] },
      finishedBy: { S: 'owner-a' },
      acceptedAt: { NULL: true },
    };

    it('returns the existing order of a taken id without a second call', async () => {
      send.mockRejectedValueOnce(conditionFailed(stored));
      const result = await sut.createPending(order, new Date());
      expect(send).toHaveBeenCalledTimes(1);
      expect((send.mock.calls[0][0] as PutCommand).input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
      expect(result).toEqual({
        created: false,
        record: {
          orderId: 'o-1',
          status: OrderStatus.PENDING,
          attempts: 0,
          items: [{ productId: 'p-1', quantity: 2, price: 9.5 }],
          finishedBy: 'owner-a',
          acceptedAt: null,
        },
      });
    });

    it('returns the order a refused claim found without a second call', async () => {
      send.mockRejectedValueOnce(conditionFailed(stored));
      const result = await sut.claim(order, 'async', 'owner-b', 1000, new Date());
      expect(send).toHaveBeenCalledTimes(1);
      expect(result).toMatchObject({
        claimed: false,
        record: { orderId: 'o-1', status: OrderStatus.PENDING },
      });
    });

    it('takes the returned item as the result of a finishing write this owner already applied', async () => {
      send.mockRejectedValueOnce(conditionFailed(stored));
      await expect(sut.complete(key, 'owner-a', new Date())).resolves.toMatchObject({
        finishedBy: 'owner-a',
      });
      expect(send).toHaveBeenCalledTimes(1);
    });

    it('falls back to GetItem when the refusal carries no item', async () => {
      send.mockRejectedValueOnce(conditionFailed()).mockResolvedValueOnce({ Item: { orderId: 'o-1' } });
      await expect(sut.createPending(order, new Date())).resolves.toEqual({
        created: false,
        record: { orderId: 'o-1' },
      });
      expect(send.mock.calls[1][0]).toBeInstanceOf(GetCommand);
    });
  });

  describe('the key', () => {
    const order = { ...key, items: [{ productId: 'p-1', quantity: 1, price: 1 }] };
    const inputOf = (call: number) => (send.mock.calls[call][0] as { input: Record<string, unknown> }).input;

    it('addresses every read and write by (customerId, orderId) and nothing else', async () => {
      send.mockResolvedValue({ Attributes: { ...key } });
      await sut.get(key);
      await sut.claim(order, 'async', 'owner-a', 1000, new Date());
      await sut.markAccepted(order, new Date());
      await sut.complete({ ...key, status: 'x' } as typeof key, 'owner-a', new Date());
      for (let call = 0; call < send.mock.calls.length; call++) {
        expect(inputOf(call).Key).toEqual({ customerId: 'c-1', orderId: 'o-1' });
      }
    });

    it('never sets a key attribute in an update (DynamoDB refuses that): the key sets them', async () => {
      send.mockResolvedValue({ Attributes: { ...key } });
      await sut.claim(order, 'async', 'owner-a', 1000, new Date());
      await sut.markAccepted(order, new Date());
      for (const call of [0, 1])
        expect(inputOf(call).UpdateExpression).not.toMatch(/\b(customerId|orderId) =/);
    });
  });

  describe('runs and attempts', () => {
    const order = { orderId: 'o-1', customerId: 'c-1', items: [{ productId: 'p-1', quantity: 1, price: 1 }] };
    const updateOf = (call: number) => (send.mock.calls[call][0] as UpdateCommand).input;

    it('lets a claim create the order unless told not to (a backstop only finishes a stored order)', async () => {
      send.mockResolvedValue({ Attributes: { orderId: 'o-1' } });
      await sut.claim(order, 'async', 'owner-a', 1000, new Date());
      await sut.claim(order, 'async', 'owner-a', 1000, new Date(), { createIfAbsent: false });
      expect(updateOf(0).ConditionExpression).toMatch(/^attribute_not_exists\(orderId\) OR /);
      expect(updateOf(1).ConditionExpression).not.toContain('attribute_not_exists');
    });

    it('starts a redriven run with none of its attempts used, and nothing awaiting a dead letter', async () => {
      send.mockResolvedValueOnce({});
      await sut.reopenFailed(key, 'fp', new Date());
      expect(updateOf(0).UpdateExpression).toContain('attemptsBeforeRun = if_not_exists(attempts, :zero)');
      expect(updateOf(0).UpdateExpression).toMatch(/REMOVE .*awaitingDeadLetter/);
    });
  });
});
