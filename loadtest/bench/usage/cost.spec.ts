import { costPerMillionOrders, dynamoUnits, PRICES } from './cost';

describe(costPerMillionOrders.name, () => {
  it('prices one async intake of a conditional put, a publish and an update', () => {
    const sut = costPerMillionOrders({
      requestsPerOrder: { 'dynamodb PutItem': 1, 'sns Publish': 1, 'dynamodb UpdateItem': 1 },
      cpuMsPerOrder: 0,
    });
    expect(sut.sns).toBeCloseTo(0.5);
    expect(sut.dynamoWrites).toBeCloseTo(2 * 0.625);
    expect(sut.dynamoReads).toBe(0);
    expect(sut.total).toBeCloseTo(1.75);
  });

  it('counts a batch call as one request: a tenth of a DeleteMessageBatch per order', () => {
    const sut = costPerMillionOrders({
      requestsPerOrder: { 'sqs ReceiveMessage': 0.1, 'sqs DeleteMessageBatch': 0.1, 'sns PublishBatch': 0.1 },
      cpuMsPerOrder: 0,
    });
    expect(sut.sqs).toBeCloseTo(0.2 * 0.4);
    expect(sut.sns).toBeCloseTo(0.05);
  });

  it('prices CPU time as Fargate vCPU-hours and the memory that comes with them', () => {
    // 3.6 s of CPU per order = 1 vCPU-hour per thousand orders = 1,000 vCPU-hours per million.
    const sut = costPerMillionOrders({ requestsPerOrder: {}, cpuMsPerOrder: 3600 });
    expect(sut.fargateCpu).toBeCloseTo(1000 * PRICES.fargatePerVcpuHour);
    expect(sut.fargateMemory).toBeCloseTo(2000 * PRICES.fargatePerGbHour);
  });

  it('names the services it does not price instead of guessing', () => {
    expect(
      costPerMillionOrders({ requestsPerOrder: { 'sts GetCallerIdentity': 1 }, cpuMsPerOrder: 0 }),
    ).toMatchObject({ total: 0, unpriced: ['sts'] });
  });
});

describe(dynamoUnits.name, () => {
  it('charges writes, reads and nothing for control-plane calls', () => {
    expect(dynamoUnits('UpdateItem')).toEqual({ write: 1, read: 0 });
    expect(dynamoUnits('GetItem')).toEqual({ write: 0, read: 1 });
    expect(dynamoUnits('DescribeTable')).toEqual({ write: 0, read: 0 });
  });
});
