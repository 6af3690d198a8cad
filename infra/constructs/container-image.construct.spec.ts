import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { onlyResource, synthJson, TEST_KMS_KEY_ARN } from '../testing/fixtures';
import { ContainerImageConstruct, ContainerImageProps } from './container-image.construct';

describe(ContainerImageConstruct.name, () => {
  const props: ContainerImageProps = {
    repositoryName: 'orders-dev/order-receiver',
    app: 'order-receiver',
    imageTag: '0123456789abcdef',
    contextDir: '/repo',
    dockerfile: 'docker/Dockerfile',
    region: 'eu-west-1',
    imageRetentionCount: 10,
    kmsKeyArn: TEST_KMS_KEY_ARN,
  };
  const build = (overrides: Partial<ContainerImageProps> = {}) =>
    synthJson((scope) => {
      new ContainerImageConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('creates a scanned, immutable, KMS-encrypted repository', () => {
    expect(build().synth).toHaveResourceWithProperties(EcrRepository, {
      name: 'orders-dev/order-receiver',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: TEST_KMS_KEY_ARN }],
    });
  });

  it('keeps only the last N images', () => {
    const policy = JSON.parse(
      onlyResource(build({ imageRetentionCount: 7 }).json, 'aws_ecr_lifecycle_policy').policy as string,
    );
    expect(policy.rules[0].selection).toEqual({
      tagStatus: 'any',
      countType: 'imageCountMoreThan',
      countNumber: 7,
    });
    expect(policy.rules[0].action).toEqual({ type: 'expire' });
  });

  it('builds and pushes for linux/amd64 only when the content-hash tag changes', () => {
    const step = onlyResource(build().json, 'terraform_data');
    expect(step.triggers_replace).toEqual({
      image: expect.stringMatching(/repository_url}:0123456789abcdef$/),
    });
    const [provisioner] = step.provisioner as { 'local-exec': Record<string, unknown> }[];
    const exec = provisioner['local-exec'];
    expect(exec.working_dir).toBe('/repo');
    expect(exec.environment).toMatchObject({
      APP: 'order-receiver',
      TAG: '0123456789abcdef',
      DOCKERFILE: 'docker/Dockerfile',
    });
    expect(exec.command).toContain('docker build --platform linux/amd64');
    expect(exec.command).toContain('docker push "$IMAGE"');
    // Terraform would read "${" as its own interpolation.
    expect(exec.command).not.toContain('${');
  });

  it.each(['latest', 'has space', ''])('rejects image tag %p', (imageTag) => {
    expect(() => build({ imageTag })).toThrow(/image tag/);
  });
});
