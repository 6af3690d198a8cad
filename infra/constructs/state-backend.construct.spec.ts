import { App, TerraformStack, Testing } from 'cdktf';
import { StateBackendConstruct, StateBackendProps } from './state-backend.construct';

describe(StateBackendConstruct.name, () => {
  const backendOf = (props: StateBackendProps): Record<string, unknown> => {
    const stack = new TerraformStack(Testing.app() as App, 'orders-dev');
    new StateBackendConstruct(stack, 'state', props);
    const json = JSON.parse(Testing.synth(stack)) as { terraform: { backend: Record<string, unknown> } };
    return json.terraform.backend;
  };
  const remote = {
    bucket: 'orders-state-123456789012',
    region: 'eu-west-1',
    key: 'orders-dev/terraform.tfstate',
  };

  it('keeps the state in a local file at the given path relative to the stack directory', () => {
    expect(backendOf({ localPath: '../../../terraform.orders-dev.tfstate' })).toEqual({
      local: { path: '../../../terraform.orders-dev.tfstate' },
    });
  });

  it('puts the state in S3 with the native lock file, when a bucket is given', () => {
    expect(backendOf({ localPath: '../../../terraform.orders-dev.tfstate', remote })).toEqual({
      s3: { ...remote, use_lockfile: true },
    });
  });

  it("leaves the encryption to the bucket's default (the bootstrap's KMS key), which encrypt would override with SSE-S3", () => {
    const backend = backendOf({ localPath: 'x.tfstate', remote }) as { s3: Record<string, unknown> };
    expect(backend.s3.encrypt).toBeUndefined();
    expect(backend.s3.kms_key_id).toBeUndefined();
  });

  it('never uses a DynamoDB lock table', () => {
    const backend = backendOf({ localPath: 'x.tfstate', remote }) as { s3: Record<string, unknown> };
    expect(backend.s3.dynamodb_table).toBeUndefined();
  });

  it('rejects an absolute local path and an incomplete remote', () => {
    expect(() => backendOf({ localPath: '/home/me/repo/infra/terraform.orders-dev.tfstate' })).toThrow(
      /relative to the stack's working directory/,
    );
    expect(() => backendOf({ localPath: 'x.tfstate', remote: { ...remote, key: '/orders-dev' } })).toThrow(
      /leading/,
    );
    expect(() => backendOf({ localPath: 'x.tfstate', remote: { ...remote, bucket: '' } })).toThrow(/bucket/);
  });
});
