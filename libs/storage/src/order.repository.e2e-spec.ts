import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CommonConfig } from '@app/config';
import { OrderStatus } from '@app/domain';
import { MotoServer, provisionTestEnvironment, readOrder, TestEnvironment } from '@app/testing';
import { DynamoOrderRepository } from './order.repository';

/** The repository against a provisioned orders table on moto: orders are addressed by (customerId, orderId). */
describe(DynamoOrderRepository.name, () => {
  let moto: MotoServer;
  let env: TestEnvironment;
  let sut: DynamoOrderRepository;

  beforeAll(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
    sut = new DynamoOrderRepository(DynamoDBDocumentClient.from(env.clients.dynamo), {
      ORDERS_TABLE_NAME: env.locations.tableName,
    } as CommonConfig);
  });
  afterAll(async () => {
    env?.clients.dynamo.destroy();
    await moto?.stop();
  });

  let n = 0;
  /** The same orderId for two customers, with different items. */
  const twoCustomers = () => {
    const orderId = `shared-${++n}`;
    return [
      { orderId, customerId: 'alice', items: [{ productId: 'sku-a', quantity: 1, price: 5 }] },
      { orderId, customerId: 'bob', items: [{ productId: 'sku-b', quantity: 3, price: 2 }] },
    ] as const;
  };
  const read = (key: { customerId: string; orderId: string }) =>
    readOrder(env.clients.dynamo, env.locations.tableName, key);

  it('is provisioned with customerId as partition key and orderId as sort key', async () => {
    const { Table } = await env.clients.dynamo.send(
      new DescribeTableCommand({ TableName: env.locations.tableName }),
    );
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'customerId', KeyType: 'HASH' },
      { AttributeName: 'orderId', KeyType: 'RANGE' },
    ]);
  });

  it("gives two customers using the same orderId two independent orders: neither is the other's conflict", async () => {
    const [alice, bob] = twoCustomers();
    expect((await sut.createPending(alice, new Date())).created).toBe(true);
    expect((await sut.createPending(bob, new Date())).created).toBe(true);
    await sut.markAccepted(alice, new Date());
    await sut.markAccepted(bob, new Date());
    expect(await sut.get(alice)).toMatchObject({
      customerId: 'alice',
      items: alice.items,
      status: 'PENDING',
    });
    expect(await sut.get(bob)).toMatchObject({ customerId: 'bob', items: bob.items, status: 'PENDING' });

    const claimed = await sut.claim(alice, 'async', 'owner-a', 60_000, new Date());
    expect(claimed.claimed).toBe(true);
    expect(await sut.complete(alice, 'owner-a', new Date())).toMatchObject({ status: OrderStatus.COMPLETED });
    expect(await read(bob)).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(await read(bob)).not.toHaveProperty('leaseOwner');
  });

  it("still refuses a second body for the same customer's orderId (attribute_not_exists holds per key)", async () => {
    const [alice] = twoCustomers();
    await sut.createPending(alice, new Date());
    const other = { ...alice, items: [{ productId: 'sku-z', quantity: 9, price: 1 }] };
    const again = await sut.createPending(other, new Date());
    expect(again).toMatchObject({ created: false, record: { customerId: 'alice', items: alice.items } });
    await expect(sut.markAccepted(other, new Date())).rejects.toThrow(/different body/);
  });

  it("creates an order by the claim alone, for one customer, without touching another's order of that id", async () => {
    const [alice, bob] = twoCustomers();
    await sut.createPending(bob, new Date());
    const claim = await sut.claim(alice, 'async', 'owner-a', 60_000, new Date());
    expect(claim).toMatchObject({
      claimed: true,
      record: { customerId: 'alice', status: 'PROCESSING', attempts: 1 },
    });
    expect(await sut.fail(alice, 'owner-a', 'declined', new Date())).toMatchObject({ status: 'FAILED' });
    expect(await sut.reopenFailed(bob, 'not-its-fingerprint', new Date())).toBe(false);
    expect(await read(bob)).toMatchObject({ status: 'PENDING' });
  });

  it('finds nothing for a backstop claim of an order its customer never stored, though another customer did', async () => {
    const [alice, bob] = twoCustomers();
    await sut.createPending(bob, new Date());
    const claim = await sut.claim(alice, 'sync', 'owner-a', 60_000, new Date(), { createIfAbsent: false });
    expect(claim).toEqual({ claimed: false, record: undefined });
  });
});
