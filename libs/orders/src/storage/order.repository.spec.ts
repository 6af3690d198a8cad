import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CommonConfig } from '@app/config';
import { OrderStatus } from '../order-status';
import { DynamoOrderRepository } from './order.repository';

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** The finishing writes' answer to a retry whose first attempt DynamoDB applied. */
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
    await sut.complete('o-1', 'owner-a', new Date());
    const update = send.mock.calls[0][0] as UpdateCommand;
    expect(update.input.UpdateExpression).toContain('finishedBy = :owner');
    expect(update.input.ConditionExpression).toBe('leaseOwner = :owner AND #status = :processing');
  });

  it('treats a failed condition as its own result when this owner already finished the order', async () => {
    send.mockRejectedValueOnce(conditionFailed()).mockResolvedValueOnce(finishedItem('owner-a'));
    await expect(sut.complete('o-1', 'owner-a', new Date())).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(send.mock.calls[1][0]).toBeInstanceOf(GetCommand);
  });

  it('reports a lost lease when another owner finished it', async () => {
    send.mockRejectedValueOnce(conditionFailed()).mockResolvedValueOnce(finishedItem('owner-b'));
    await expect(sut.fail('o-1', 'owner-a', 'boom', new Date())).resolves.toBeUndefined();
  });
});
