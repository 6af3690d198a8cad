import { legacyTableOf, resourceNames, resourceLocations } from './index';

describe(resourceNames.name, () => {
  it('derives every name from the environment so environments do not clash', () => {
    const dev = resourceNames('dev');
    const prod = resourceNames('prod');
    expect(dev).toEqual({
      environment: 'dev',
      prefix: 'orders-dev',
      topic: 'orders-dev-topic',
      queue: 'orders-dev-queue',
      deadLetterQueue: 'orders-dev-dlq',
      deliveryDeadLetterQueue: 'orders-dev-delivery-dlq',
      table: 'orders-dev-customer-orders',
      legacyTable: 'orders-dev-table',
    });
    const devValues = Object.values(dev).slice(2);
    for (const value of Object.values(prod).slice(2)) expect(devValues).not.toContain(value);
  });

  it.each(['', 'Dev', '1dev', 'dev_1', 'a'.repeat(21)])('rejects environment %p', (env) => {
    expect(() => resourceNames(env)).toThrow(/Invalid environment name/);
  });

  it('builds emulator locations without a doubled slash', () => {
    const sut = resourceLocations('local', 'http://localhost:4566/');
    expect(sut.queueUrl).toBe('http://localhost:4566/123456789012/orders-local-queue');
    expect(sut.topicArn).toBe('arn:aws:sns:us-east-1:123456789012:orders-local-topic');
  });
});

describe(legacyTableOf.name, () => {
  it("names the legacy table of an environment's orders table, and nothing for another table", () => {
    expect(legacyTableOf(resourceNames('prod').table)).toBe('orders-prod-table');
    expect(legacyTableOf(resourceNames('e2e-1a2b').table)).toBe('orders-e2e-1a2b-table');
    expect(legacyTableOf('orders-prod-table')).toBeUndefined();
    expect(legacyTableOf('my-table')).toBeUndefined();
  });
});
