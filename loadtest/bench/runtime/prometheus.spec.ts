import { awsRequests, counterDelta, metricSum, parsePrometheus } from './prometheus';

const EXPOSITION = `# HELP aws_requests_total AWS API calls sent
# TYPE aws_requests_total counter
aws_requests_total{service="dynamodb",operation="PutItem"} 12
aws_requests_total{service="sns",operation="Publish"} 10
aws_requests_total{operation="GetItem",service="dynamodb"} 1
orders_total{outcome="accepted",channel="async"} 10
orders_total{outcome="completed",channel="sqs"} 4
nodejs_heap_size_used_bytes 21495808
`;

describe(parsePrometheus.name, () => {
  it('keys each sample by name and sorted labels', () => {
    const sut = parsePrometheus(EXPOSITION);
    expect(sut.get('orders_total{channel=async,outcome=accepted}')).toBe(10);
    expect(sut.get('nodejs_heap_size_used_bytes')).toBe(21495808);
    expect(sut.has('# HELP aws_requests_total AWS API calls sent')).toBe(false);
  });
});

describe(metricSum.name, () => {
  it('sums the label sets that contain every label asked for', () => {
    const values = parsePrometheus(EXPOSITION);
    expect(metricSum(values, 'orders_total')).toBe(14);
    expect(metricSum(values, 'orders_total', { outcome: 'completed' })).toBe(4);
    expect(metricSum(values, 'orders_total', { outcome: 'failed' })).toBe(0);
    expect(metricSum(values, 'orders')).toBe(0);
  });
});

describe(awsRequests.name, () => {
  it('groups aws_requests_total by service and operation', () => {
    expect(awsRequests(parsePrometheus(EXPOSITION))).toEqual({
      'dynamodb PutItem': 12,
      'dynamodb GetItem': 1,
      'sns Publish': 10,
    });
  });
});

describe(counterDelta.name, () => {
  it('keeps what grew between two scrapes', () => {
    expect(counterDelta({ a: 1, b: 2 }, { a: 4, b: 2, c: 1 })).toEqual({ a: 3, c: 1 });
  });
});
