import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { onlyResource, synthJson } from '../testing/fixtures';
import {
  SharedImageRepositoryConstruct,
  SharedImageRepositoryProps,
} from './shared-image-repository.construct';

describe(SharedImageRepositoryConstruct.name, () => {
  const props: SharedImageRepositoryProps = { name: 'orders/order-receiver', retentionCount: 100 };
  const build = (overrides: Partial<SharedImageRepositoryProps> = {}) =>
    synthJson((scope) => {
      new SharedImageRepositoryConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('keeps tags immutable, scans on push and encrypts with the AWS-managed ECR key', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(EcrRepository, {
      name: 'orders/order-receiver',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS' }],
    });
    // Prod may run its images: destroy must not take them along.
    expect(onlyResource(json, 'aws_ecr_repository').force_delete).toBeUndefined();
  });

  it('expires all but the last N images', () => {
    const policy = JSON.parse(
      onlyResource(build({ retentionCount: 20 }).json, 'aws_ecr_lifecycle_policy').policy as string,
    );
    expect(policy.rules[0].selection).toEqual({
      tagStatus: 'any',
      countType: 'imageCountMoreThan',
      countNumber: 20,
    });
  });

  it('rejects an invalid name or retention', () => {
    expect(() => build({ name: 'Orders/Receiver' })).toThrow(/invalid repository name/);
    expect(() => build({ retentionCount: 0 })).toThrow(/retentionCount/);
  });
});
