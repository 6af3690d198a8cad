import { awsClientOptions, serviceEndpoint } from './aws-client-options';
import { BoundedHttpHandler } from './bounded-http-handler';

describe(serviceEndpoint.name, () => {
  it('uses the shared AWS_ENDPOINT_URL for a service without an endpoint of its own', () => {
    const settings = {
      AWS_ENDPOINT_URL: 'http://localhost:4566',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567',
    };
    expect(serviceEndpoint(settings, 'dynamodb')).toBe('http://localhost:4567');
    expect(serviceEndpoint(settings, 'sns')).toBe('http://localhost:4566');
    expect(serviceEndpoint(settings, 'sqs')).toBe('http://localhost:4566');
  });

  it('leaves the endpoint to the SDK (real AWS) when none is set', () => {
    expect(serviceEndpoint({}, 'sqs')).toBeUndefined();
    expect(serviceEndpoint({ AWS_ENDPOINT_URL_SNS: 'http://localhost:4568' }, 'dynamodb')).toBeUndefined();
  });
});

describe(awsClientOptions.name, () => {
  const base = { AWS_REGION: 'us-east-1', AWS_MAX_SOCKETS: 4 };

  it("passes the service's own endpoint explicitly", () => {
    const sut = awsClientOptions({ ...base, AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324' }, 'sqs');
    expect(sut.endpoint).toBe('http://127.0.0.1:9324');
  });

  it('passes no endpoint without one, so the SDK resolves the real one', () => {
    expect('endpoint' in awsClientOptions(base, 'dynamodb')).toBe(false);
  });

  it('bounds DynamoDB calls on the wire and their wait for a turn, from the config', () => {
    const sut = awsClientOptions(
      { ...base, DYNAMODB_MAX_IN_FLIGHT: 8, DYNAMODB_QUEUE_TIMEOUT_MS: 1500 },
      'dynamodb',
    ).requestHandler;
    expect(sut).toBeInstanceOf(BoundedHttpHandler);
    expect((sut as BoundedHttpHandler).maxWaitMs).toBe(1500);
    sut.destroy();
  });
});
