import { usageBetween, UsageSnapshot } from './phase-usage';

describe(usageBetween.name, () => {
  const before: UsageSnapshot = {
    at: 1000,
    cpuMs: { processor: 500, emulator: 2000 },
    aws: { processor: { 'sqs ReceiveMessage': 4 } },
  };
  const after: UsageSnapshot = {
    at: 11000,
    cpuMs: { processor: 800, emulator: 4000 },
    aws: {
      processor: {
        'sqs ReceiveMessage': 14,
        'dynamodb UpdateItem': 200,
        'sqs DeleteMessageBatch': 10,
      },
    },
  };

  it('divides what each process used between the snapshots by the orders finished', () => {
    const sut = usageBetween(before, after, 100);
    expect(sut.seconds).toBe(10);
    expect(sut.cpuMsPerOrder).toEqual({ processor: 3, emulator: 20 });
    expect(sut.awsRequestsPerOrder).toEqual({
      'sqs ReceiveMessage': 0.1,
      'dynamodb UpdateItem': 2,
      'sqs DeleteMessageBatch': 0.1,
    });
    expect(sut.awsRequestsPerOrderTotal).toBeCloseTo(2.2);
  });

  it('prices the apps, not the emulator', () => {
    const sut = usageBetween(before, after, 100);
    expect(sut.cost.dynamoWrites).toBeCloseTo(2 * 0.625);
    expect(sut.cost.fargateCpu).toBeCloseTo((3 / 3.6e6) * 1e6 * 0.04048);
  });

  it('says nothing per order when no order finished', () => {
    expect(usageBetween(before, after, 0)).toMatchObject({ cpuMsPerOrder: {}, awsRequestsPerOrderTotal: 0 });
  });
});
