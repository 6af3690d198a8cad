import { emfViolations } from '@app/testing';
import { emfDocument, EmfInput } from './emf-document';

describe(emfDocument.name, () => {
  const input: EmfInput = {
    namespace: 'ResilientOrders',
    dimensions: { Environment: 'dev' },
    metrics: [
      { name: 'OrdersCompleted', unit: 'Count', value: 7 },
      { name: 'OrderProcessingDuration', unit: 'Milliseconds', value: [120, 95, 3010] },
    ],
    timestamp: 1_700_000_000_000,
    properties: { service: 'order-processor' },
  };

  it('writes one directive whose dimension set and metrics are members of the root', () => {
    const sut = emfDocument(input);

    expect(sut).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'ResilientOrders',
            Dimensions: [['Environment']],
            Metrics: [
              { Name: 'OrdersCompleted', Unit: 'Count' },
              { Name: 'OrderProcessingDuration', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      Environment: 'dev',
      OrdersCompleted: 7,
      OrderProcessingDuration: [120, 95, 3010],
      service: 'order-processor',
    });
    expect(emfViolations(JSON.parse(JSON.stringify(sut)))).toEqual([]);
  });

  it('takes exactly 100 values of one metric, the most the specification allows', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const sut = emfDocument({ ...input, metrics: [{ name: 'D', unit: 'Milliseconds', value: values }] });

    expect(emfViolations(sut)).toEqual([]);
  });

  it.each([
    [
      '101 values',
      [{ name: 'D', unit: 'Milliseconds', value: Array.from({ length: 101 }, () => 1) }],
      /1 to 100 values/,
    ],
    ['no values', [{ name: 'D', unit: 'Milliseconds', value: [] }], /1 to 100 values/],
    ['a value that is not finite', [{ name: 'D', unit: 'Count', value: Number.NaN }], /finite/],
    ['a metric named like the dimension', [{ name: 'Environment', unit: 'Count', value: 1 }], /used twice/],
  ])('refuses %s, which CloudWatch would drop', (_case, metrics, message) => {
    expect(() => emfDocument({ ...input, metrics })).toThrow(message);
  });
});

describe(emfViolations.name, () => {
  it('catches what makes CloudWatch drop a line', () => {
    expect(emfViolations({ _aws: { Timestamp: 1, CloudWatchMetrics: [] } })).toEqual([
      'no _aws.CloudWatchMetrics directive',
    ]);
    const line = {
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          { Namespace: 'N', Dimensions: [['Env']], Metrics: [{ Name: 'M', Unit: 'Things' }] },
        ],
      },
      M: Array.from({ length: 101 }, () => 1),
    };
    expect(emfViolations(line)).toEqual([
      'dimension Env has no string member on the root',
      'M: unknown Unit',
      'M: the root member is not a number or an array of 1 to 100 numbers',
    ]);
  });
});
