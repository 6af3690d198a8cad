import { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { isValidRepositoryName } from '../config/image-repositories';

export interface SharedImageRepositoryProps {
  /** e.g. `orders/order-receiver` (sharedImageRepositoryName). */
  readonly name: string;
  /** Images kept; older ones expire. */
  readonly retentionCount: number;
}

/**
 * One app's image repository shared by every environment: the pipeline pushes each image once,
 * tagged with the commit SHA, and every environment runs that tag. Immutable tags (a tag always
 * names the image it was first pushed with), scan on push, and a lifecycle keeping the last N
 * images. Encrypted with KMS under the AWS-managed `aws/ecr` key: ECR decrypts for any principal
 * allowed to pull, so each environment's task execution role needs no grant on a key of this
 * stack. Not force-deleted: prod may be running its images.
 */
export class SharedImageRepositoryConstruct extends Construct {
  public readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: SharedImageRepositoryProps) {
    super(scope, id);
    const { name, retentionCount } = props;
    if (!isValidRepositoryName(name)) {
      throw new Error(`SharedImageRepositoryConstruct: invalid repository name "${name}"`);
    }
    if (!Number.isInteger(retentionCount) || retentionCount < 1) {
      throw new Error('SharedImageRepositoryConstruct: retentionCount must be a positive integer');
    }
    this.repository = new EcrRepository(this, 'repository', {
      name,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS' }],
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Keep the last ${retentionCount} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: retentionCount },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }
}
