import { processorEnvSchema, receiverEnvSchema, validateEnv, InvalidEnvironmentError } from './index';

/** The receiver's required authentication settings: a pool and the customers' app client. */
const AUTH = {
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
  COGNITO_CUSTOMER_CLIENT_ID: '4vbd1ph3hv0q1bgn4ip1a1b2c3',
};

describe(validateEnv.name, () => {
  it('applies documented defaults', () => {
    const sut = validateEnv(receiverEnvSchema, AUTH);
    expect(sut.PORT).toBe(3000);
    expect(sut.PROCESSING_TIME_MS).toBe(3000);
    expect(sut.FAILURE_RATE).toBe(0);
    expect(sut.AWS_ENDPOINT_URL).toBeUndefined();
    expect(sut.ORDERS_TOPIC_ARN).toBe('arn:aws:sns:us-east-1:123456789012:orders-local-topic');
  });

  it("waits for a DynamoDB slot 2 s in the receiver, a message's visibility in the processor", () => {
    expect(validateEnv(receiverEnvSchema, AUTH).DYNAMODB_QUEUE_TIMEOUT_MS).toBe(2000);
    expect(validateEnv(processorEnvSchema, {}).DYNAMODB_QUEUE_TIMEOUT_MS).toBe(30000);
  });

  it('coerces numeric strings', () => {
    const sut = validateEnv(processorEnvSchema, { PROCESSOR_CONCURRENCY: '250', FAILURE_RATE: '0.5' });
    expect(sut.PROCESSOR_CONCURRENCY).toBe(250);
    expect(sut.FAILURE_RATE).toBe(0.5);
  });

  it.each([
    ['PROCESSOR_CONCURRENCY', '0', /PROCESSOR_CONCURRENCY: must be at least 1 \(got "0"\)/],
    ['PROCESSOR_CONCURRENCY', '1001', /PROCESSOR_CONCURRENCY: must be at most 1000/],
    ['PROCESSOR_CONCURRENCY', 'ten', /PROCESSOR_CONCURRENCY: must be a number/],
    ['FAILURE_RATE', '1.5', /FAILURE_RATE: must be at most 1/],
    ['AWS_ENDPOINT_URL', 'localhost', /AWS_ENDPOINT_URL: must be a URL/],
    ['AWS_ENDPOINT_URL_DYNAMODB', 'localhost:4567', /AWS_ENDPOINT_URL_DYNAMODB: must be a URL/],
    ['PROCESSING_TIME_MS', '2.5', /PROCESSING_TIME_MS: must be an integer/],
    ['AWS_CALL_LOG_FILE', 'calls.jsonl', /AWS_CALL_LOG_FILE: must be an absolute file path/],
    ['DYNAMODB_QUEUE_TIMEOUT_MS', '0', /DYNAMODB_QUEUE_TIMEOUT_MS: must be at least 1/],
    ['EMF_METRICS_INTERVAL_MS', '500', /EMF_METRICS_INTERVAL_MS: must be 0 \(off\) or at least 1000/],
    ['EMF_METRICS_ENVIRONMENT', 'dev env', /EMF_METRICS_ENVIRONMENT: must be 1 to 64 letters/],
  ])('names the bad variable %s=%s', (name, value, message) => {
    expect(() => validateEnv(processorEnvSchema, { [name]: value })).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    try {
      validateEnv(receiverEnvSchema, { ...AUTH, PORT: '0', THROTTLE_LIMIT: 'x' });
      throw new Error('expected validation to fail');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidEnvironmentError);
      expect((e as InvalidEnvironmentError).problems.map((p) => p.split(':')[0])).toEqual([
        'PORT',
        'THROTTLE_LIMIT',
      ]);
    }
  });

  it('bounds a sync request below the load balancer and refuses the renamed SYNC_WAIT_TIMEOUT_MS by name', () => {
    expect(validateEnv(receiverEnvSchema, AUTH).SYNC_REQUEST_TIMEOUT_MS).toBe(25000);
    expect(() => validateEnv(receiverEnvSchema, { ...AUTH, SYNC_REQUEST_TIMEOUT_MS: '60000' })).toThrow(
      /SYNC_REQUEST_TIMEOUT_MS: must be at most 55000/,
    );
    expect(() => validateEnv(receiverEnvSchema, { ...AUTH, SYNC_WAIT_TIMEOUT_MS: '30000' })).toThrow(
      /SYNC_WAIT_TIMEOUT_MS: replaced by SYNC_REQUEST_TIMEOUT_MS/,
    );
  });

  it("serves the API docs and drains nothing on SIGTERM unless told otherwise, within Spot's notice", () => {
    const sut = validateEnv(receiverEnvSchema, AUTH);
    expect(sut.API_DOCS_ENABLED).toBe(true);
    expect(sut.SHUTDOWN_DRAIN_DELAY_MS).toBe(0);
    expect(validateEnv(receiverEnvSchema, { ...AUTH, API_DOCS_ENABLED: 'false' }).API_DOCS_ENABLED).toBe(
      false,
    );
    expect(() => validateEnv(receiverEnvSchema, { ...AUTH, API_DOCS_ENABLED: 'off' })).toThrow(
      /API_DOCS_ENABLED: must be true or false/,
    );
    expect(() => validateEnv(receiverEnvSchema, { ...AUTH, SHUTDOWN_DRAIN_DELAY_MS: '121000' })).toThrow(
      /SHUTDOWN_DRAIN_DELAY_MS: must be at most 120000/,
    );
  });

  it('writes no CloudWatch metrics lines unless given an interval, and names them local by default', () => {
    const sut = validateEnv(processorEnvSchema, {});
    expect(sut.EMF_METRICS_INTERVAL_MS).toBe(0);
    expect(sut.EMF_METRICS_ENVIRONMENT).toBe('local');
    expect(validateEnv(processorEnvSchema, { EMF_METRICS_INTERVAL_MS: '60000' })).toMatchObject({
      EMF_METRICS_INTERVAL_MS: 60000,
    });
  });

  it('treats an empty AWS_ENDPOINT_URL as unset', () => {
    expect(
      validateEnv(receiverEnvSchema, { ...AUTH, AWS_ENDPOINT_URL: '' }).AWS_ENDPOINT_URL,
    ).toBeUndefined();
  });

  it('takes per-service endpoints, unset by default', () => {
    const sut = validateEnv(processorEnvSchema, {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567',
      AWS_ENDPOINT_URL_SNS: '',
    });
    expect(sut.AWS_ENDPOINT_URL_DYNAMODB).toBe('http://localhost:4567');
    expect(sut.AWS_ENDPOINT_URL_SNS).toBeUndefined();
    expect(sut.AWS_ENDPOINT_URL_SQS).toBeUndefined();
  });

  it('takes AWS_CALL_LOG_FILE as an absolute path, unset when empty', () => {
    expect(validateEnv(processorEnvSchema, { AWS_CALL_LOG_FILE: '/tmp/calls.jsonl' }).AWS_CALL_LOG_FILE).toBe(
      '/tmp/calls.jsonl',
    );
    expect(validateEnv(processorEnvSchema, { AWS_CALL_LOG_FILE: '' }).AWS_CALL_LOG_FILE).toBeUndefined();
  });

  describe('authentication', () => {
    it("is on by default and then needs the user pool and the customers' app client, each named", () => {
      expect(() => validateEnv(receiverEnvSchema, {})).toThrow(
        /COGNITO_USER_POOL_ID: is required while authentication is on[\s\S]*COGNITO_CUSTOMER_CLIENT_ID: is required/,
      );
      const sut = validateEnv(receiverEnvSchema, AUTH);
      expect(sut.AUTH_DISABLED).toBe(false);
      expect(sut.COGNITO_SERVICE_CLIENT_IDS).toEqual([]);
      expect(sut.STATUS_URL_SIGNING_KEY).toBeUndefined();
    });

    it('is off only for an explicit AUTH_DISABLED=true, and refuses a value it would have to guess', () => {
      expect(validateEnv(receiverEnvSchema, { AUTH_DISABLED: 'true' }).AUTH_DISABLED).toBe(true);
      expect(() => validateEnv(receiverEnvSchema, { AUTH_DISABLED: 'yes' })).toThrow(
        /AUTH_DISABLED: must be true or false/,
      );
      expect(() => validateEnv(receiverEnvSchema, { ...AUTH, AUTH_DISABLED: '1' })).toThrow(/AUTH_DISABLED/);
    });

    it("treats an empty pool, client or signing key as unset, as a shell's FOO= means", () => {
      const sut = validateEnv(receiverEnvSchema, { ...AUTH, STATUS_URL_SIGNING_KEY: '' });
      expect(sut.STATUS_URL_SIGNING_KEY).toBeUndefined();
      expect(() => validateEnv(receiverEnvSchema, { ...AUTH, COGNITO_USER_POOL_ID: '' })).toThrow(
        /COGNITO_USER_POOL_ID: is required while authentication is on/,
      );
    });

    it("refuses the customers' app client listed as a service client", () => {
      expect(() =>
        validateEnv(receiverEnvSchema, {
          ...AUTH,
          COGNITO_SERVICE_CLIENT_IDS: `svc1,${AUTH.COGNITO_CUSTOMER_CLIENT_ID}`,
        }),
      ).toThrow(/COGNITO_SERVICE_CLIENT_IDS: must not include COGNITO_CUSTOMER_CLIENT_ID/);
    });

    it('reads the service clients as a comma-separated list', () => {
      const sut = validateEnv(receiverEnvSchema, { ...AUTH, COGNITO_SERVICE_CLIENT_IDS: 'abc, def,' });
      expect(sut.COGNITO_SERVICE_CLIENT_IDS).toEqual(['abc', 'def']);
    });

    it('refuses a malformed pool id and never echoes a bad signing key', () => {
      expect(() => validateEnv(receiverEnvSchema, { ...AUTH, COGNITO_USER_POOL_ID: 'pool' })).toThrow(
        /COGNITO_USER_POOL_ID: must be a Cognito user pool id/,
      );
      const short = 'too-short-to-be-a-key';
      let message = '';
      try {
        validateEnv(receiverEnvSchema, { ...AUTH, STATUS_URL_SIGNING_KEY: short });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(
        /STATUS_URL_SIGNING_KEY: must be at least 32 characters \(got a value, not shown\)/,
      );
      expect(message).not.toContain(short);
    });
  });
});
