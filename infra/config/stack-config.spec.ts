import { assertHttpsWhereRequired, HTTPS_ONLY_ENVIRONMENTS, loadStackConfig } from './stack-config';

describe(loadStackConfig.name, () => {
  it('defaults to a dev environment without failover or HTTPS', () => {
    const sut = loadStackConfig({});
    expect(sut.environment).toBe('dev');
    expect(sut.region).toBe('us-east-1');
    expect(sut.natGatewayPerAz).toBe(false);
    expect(sut.protectData).toBe(false);
    expect(sut.domain).toBeUndefined();
    expect(sut.certificateArn).toBeUndefined();
    expect(sut.receiver.capacity.fargateBase).toBeGreaterThan(0);
    expect(sut.processor.capacity.spotWeight).toBeGreaterThan(sut.processor.capacity.fargateWeight);
  });

  it('keeps the legacy orders table declared unless INFRA_RETAIN_LEGACY_TABLE is false', () => {
    expect(loadStackConfig({}).retainLegacyTable).toBe(true);
    expect(loadStackConfig({ INFRA_ENVIRONMENT: 'prod' }).retainLegacyTable).toBe(true);
    expect(loadStackConfig({ INFRA_RETAIN_LEGACY_TABLE: 'false' }).retainLegacyTable).toBe(false);
  });

  it('creates the ECS service-linked role only when INFRA_CREATE_ECS_SERVICE_LINKED_ROLE says so', () => {
    expect(loadStackConfig({}).createEcsServiceLinkedRole).toBe(false);
    expect(loadStackConfig({ INFRA_ENVIRONMENT: 'prod' }).createEcsServiceLinkedRole).toBe(false);
    expect(loadStackConfig({ INFRA_CREATE_ECS_SERVICE_LINKED_ROLE: 'true' }).createEcsServiceLinkedRole).toBe(
      true,
    );
    expect(() => loadStackConfig({ INFRA_CREATE_ECS_SERVICE_LINKED_ROLE: 'yes' })).toThrow(
      /INFRA_CREATE_ECS_SERVICE_LINKED_ROLE must be true or false/,
    );
  });

  it('reads the WAF rate rule from INFRA_WAF_RATE_LIMIT and INFRA_WAF_RATE_WINDOW_SECONDS, 2000 per 300 s by default', () => {
    expect(loadStackConfig({}).waf).toEqual({ rateLimit: 2000, rateWindowSeconds: 300 });
    expect(loadStackConfig({ INFRA_WAF_RATE_LIMIT: '500', INFRA_WAF_RATE_WINDOW_SECONDS: '60' }).waf).toEqual(
      {
        rateLimit: 500,
        rateWindowSeconds: 60,
      },
    );
    expect(() => loadStackConfig({ INFRA_WAF_RATE_LIMIT: '5' })).toThrow(
      /INFRA_WAF_RATE_LIMIT must be an integer from 10/,
    );
    expect(() => loadStackConfig({ INFRA_WAF_RATE_WINDOW_SECONDS: '90' })).toThrow(
      /INFRA_WAF_RATE_WINDOW_SECONDS must be one of 60, 120, 300, 600/,
    );
  });

  it('keeps local state unless INFRA_STATE_BUCKET names a bucket, with region and key defaults per environment', () => {
    expect(loadStackConfig({}).state).toBeUndefined();
    expect(loadStackConfig({ INFRA_ENVIRONMENT: 'prod', INFRA_STATE_BUCKET: 'orders-state' }).state).toEqual({
      bucket: 'orders-state',
      region: 'us-east-1',
      key: 'orders-prod/terraform.tfstate',
    });
    expect(
      loadStackConfig({
        INFRA_REGION: 'eu-west-1',
        INFRA_STATE_BUCKET: 'b.example',
        INFRA_STATE_KEY: 'a/b.tfstate',
      }).state,
    ).toEqual({ bucket: 'b.example', region: 'eu-west-1', key: 'a/b.tfstate' });
    expect(() => loadStackConfig({ INFRA_STATE_BUCKET: 'Orders_State' })).toThrow(
      /INFRA_STATE_BUCKET must be/,
    );
    expect(() => loadStackConfig({ INFRA_STATE_BUCKET: 'bucket', INFRA_STATE_KEY: '/x' })).toThrow(
      /INFRA_STATE_KEY must be/,
    );
    expect(() => loadStackConfig({ INFRA_STATE_BUCKET: 'bucket', INFRA_STATE_REGION: 'mars' })).toThrow(
      /INFRA_STATE_REGION must be/,
    );
    expect(() => loadStackConfig({ INFRA_STATE_KEY: 'a/b.tfstate' })).toThrow(
      /INFRA_STATE_KEY needs INFRA_STATE_BUCKET/,
    );
    expect(() => loadStackConfig({ INFRA_STATE_REGION: 'eu-west-1' })).toThrow(
      /INFRA_STATE_REGION needs INFRA_STATE_BUCKET/,
    );
  });

  it('serves the API docs in dev only, unless INFRA_API_DOCS says otherwise', () => {
    expect(loadStackConfig({}).apiDocs).toBe(true);
    expect(loadStackConfig({ INFRA_ENVIRONMENT: 'prod' }).apiDocs).toBe(false);
    expect(loadStackConfig({ INFRA_ENVIRONMENT: 'staging' }).apiDocs).toBe(false);
    expect(loadStackConfig({ INFRA_ENVIRONMENT: 'prod', INFRA_API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(loadStackConfig({ INFRA_API_DOCS: 'false' }).apiDocs).toBe(false);
    expect(() => loadStackConfig({ INFRA_API_DOCS: 'yes' })).toThrow(/INFRA_API_DOCS must be true or false/);
  });

  it('deploys pushed images only with INFRA_IMAGE_TAG, a docker tag other than latest', () => {
    expect(loadStackConfig({}).imageTag).toBeUndefined();
    expect(loadStackConfig({ INFRA_IMAGE_TAG: '0123abc' }).imageTag).toBe('0123abc');
    for (const bad of ['latest', '-x', 'a:b', 'x'.repeat(129)]) {
      expect(() => loadStackConfig({ INFRA_IMAGE_TAG: bad })).toThrow(/INFRA_IMAGE_TAG must be a docker tag/);
    }
  });

  it('gives prod a NAT per AZ, more tasks and protected data', () => {
    const sut = loadStackConfig({ INFRA_ENVIRONMENT: 'prod' });
    expect(sut).toMatchObject({ environment: 'prod', natGatewayPerAz: true, protectData: true });
    expect(sut.receiver.desiredCount).toBe(2);
    expect(sut.app.processorConcurrency).toBe(10);
  });

  it('keeps at least one prod processor on on-demand FARGATE (ECS never falls back from Spot)', () => {
    expect(
      loadStackConfig({ INFRA_ENVIRONMENT: 'prod' }).processor.capacity.fargateBase,
    ).toBeGreaterThanOrEqual(1);
    expect(() => loadStackConfig({ INFRA_ENVIRONMENT: 'prod', INFRA_PROCESSOR_FARGATE_BASE: '0' })).toThrow(
      /INFRA_PROCESSOR_FARGATE_BASE must be at least 1 in prod/,
    );
    expect(loadStackConfig({ INFRA_PROCESSOR_FARGATE_BASE: '0' }).processor.capacity.fargateBase).toBe(0);
  });

  it('reads INFRA_RECEIVER_REQUESTS_PER_TARGET, 1000 requests per task per minute by default', () => {
    expect(loadStackConfig({}).receiver.targetRequestsPerTask).toBe(1000);
    expect(loadStackConfig({ INFRA_ENVIRONMENT: 'prod' }).receiver.targetRequestsPerTask).toBe(1000);
    const sut = loadStackConfig({ INFRA_ENVIRONMENT: 'prod', INFRA_RECEIVER_REQUESTS_PER_TARGET: '4238' });
    expect(sut.receiver).toMatchObject({ targetRequestsPerTask: 4238, maxCount: 10 });
    expect(
      loadStackConfig({ INFRA_RECEIVER_REQUESTS_PER_TARGET: '1000000' }).receiver.targetRequestsPerTask,
    ).toBe(1000000);
    for (const bad of ['0', '1000001', '12.5', 'many']) {
      expect(() => loadStackConfig({ INFRA_RECEIVER_REQUESTS_PER_TARGET: bad })).toThrow(
        `INFRA_RECEIVER_REQUESTS_PER_TARGET must be an integer from 1 to 1000000, got "${bad}"`,
      );
    }
  });

  it('rejects a certificate from another region than INFRA_REGION, naming both variables', () => {
    const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d';
    expect(() => loadStackConfig({ INFRA_REGION: 'eu-west-1', INFRA_CERTIFICATE_ARN: certificate })).toThrow(
      /INFRA_CERTIFICATE_ARN is in us-east-1 but INFRA_REGION is eu-west-1/,
    );
    expect(loadStackConfig({ INFRA_CERTIFICATE_ARN: certificate }).certificateArn).toBe(certificate);
  });

  it('makes prod serve HTTPS only: without a zone or a certificate ARN it refuses, naming both variables', () => {
    expect(HTTPS_ONLY_ENVIRONMENTS).toEqual(['prod']);
    const prod = loadStackConfig({ INFRA_ENVIRONMENT: 'prod' });
    expect(() => assertHttpsWhereRequired(prod)).toThrow(
      /prod serves HTTPS only: set INFRA_HOSTED_ZONE .* or INFRA_CERTIFICATE_ARN/,
    );
    const withZone = loadStackConfig({ INFRA_ENVIRONMENT: 'prod', INFRA_HOSTED_ZONE: 'example.com' });
    expect(() => assertHttpsWhereRequired(withZone)).not.toThrow();
    const withCertificate = loadStackConfig({
      INFRA_ENVIRONMENT: 'prod',
      INFRA_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d',
    });
    expect(() => assertHttpsWhereRequired(withCertificate)).not.toThrow();
    // dev and other environments may still run on plain HTTP.
    expect(() => assertHttpsWhereRequired(loadStackConfig({}))).not.toThrow();
    expect(() => assertHttpsWhereRequired(loadStackConfig({ INFRA_ENVIRONMENT: 'staging' }))).not.toThrow();
  });

  it('applies overrides', () => {
    const sut = loadStackConfig({
      INFRA_ENVIRONMENT: 'staging',
      INFRA_REGION: 'eu-west-1',
      INFRA_PROCESSOR_CONCURRENCY: '25',
      INFRA_PROCESSOR_SPOT_WEIGHT: '9',
      INFRA_TASK_CPU: '1024',
      INFRA_TASK_MEMORY: '2048',
      INFRA_HOSTED_ZONE: 'example.com',
      INFRA_RECORD_NAME: 'orders',
      INFRA_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b-2c3d',
      INFRA_NAT_PER_AZ: 'true',
      INFRA_FAILURE_RATE: '0.1',
    });
    expect(sut).toMatchObject({
      environment: 'staging',
      region: 'eu-west-1',
      taskCpu: 1024,
      natGatewayPerAz: true,
    });
    expect(sut.app).toMatchObject({ processorConcurrency: 25, failureRate: 0.1 });
    expect(sut.processor.capacity.spotWeight).toBe(9);
    expect(sut.domain).toMatchObject({ zoneName: 'example.com', recordName: 'orders.example.com' });
    expect(sut.certificateArn).toContain(':certificate/');
  });

  it.each([
    [{ INFRA_ENVIRONMENT: 'Prod' }, /Invalid environment name/],
    [{ INFRA_RECEIVER_DESIRED_COUNT: '5', INFRA_RECEIVER_MAX_COUNT: '2' }, /INFRA_RECEIVER_MAX_COUNT/],
    [{ INFRA_PROCESSOR_CONCURRENCY: 'ten' }, /INFRA_PROCESSOR_CONCURRENCY/],
    [{ INFRA_TASK_CPU: '256', INFRA_TASK_MEMORY: '4096' }, /Invalid Fargate memory/],
    [{ INFRA_RECEIVER_FARGATE_WEIGHT: '0', INFRA_RECEIVER_SPOT_WEIGHT: '0' }, /INFRA_RECEIVER/],
    [{ INFRA_RECORD_NAME: 'orders' }, /INFRA_HOSTED_ZONE/],
    [{ INFRA_CERTIFICATE_ARN: 'not-an-arn' }, /INFRA_CERTIFICATE_ARN/],
    [{ INFRA_REGION: 'mars-1' }, /INFRA_REGION/],
    [{ INFRA_LOG_RETENTION_DAYS: '10' }, /INFRA_LOG_RETENTION_DAYS/],
    [{ INFRA_NAT_PER_AZ: 'yes' }, /INFRA_NAT_PER_AZ/],
    [{ INFRA_FAILURE_RATE: '2' }, /INFRA_FAILURE_RATE/],
  ])('rejects %p', (env, error) => {
    expect(() => loadStackConfig(env)).toThrow(error);
  });
});
