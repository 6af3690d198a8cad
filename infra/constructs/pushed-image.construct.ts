import { Construct } from 'constructs';
import { DataAwsEcrImage } from '@cdktf/provider-aws/lib/data-aws-ecr-image';
import { DataAwsEcrRepository } from '@cdktf/provider-aws/lib/data-aws-ecr-repository';
import { isDeployableImageTag, isValidRepositoryName } from '../config/image-repositories';

export interface PushedImageProps {
  /** A repository that already exists, e.g. `orders/order-receiver` (the bootstrap stack's). */
  readonly repositoryName: string;
  /** The tag the image was pushed with (INFRA_IMAGE_TAG, e.g. the commit SHA); never `latest`. */
  readonly imageTag: string;
}

/**
 * An image built and pushed before the deploy (by the pipeline), in a repository this stack does
 * not own. Nothing is built: the repository and the image are read, so a plan fails with the
 * repository's name and the tag when either is missing, before any service rolls. Exposes the
 * same three things as ContainerImageConstruct's repository and image, minus the build step.
 */
export class PushedImageConstruct extends Construct {
  public readonly repository: DataAwsEcrRepository;
  public readonly image: DataAwsEcrImage;
  /** `<repository url>:<tag>`, for the task definition. */
  public readonly imageUri: string;

  constructor(scope: Construct, id: string, props: PushedImageProps) {
    super(scope, id);
    const { repositoryName, imageTag } = props;
    if (!isValidRepositoryName(repositoryName)) {
      throw new Error(`PushedImageConstruct: invalid repository name "${repositoryName}"`);
    }
    if (!isDeployableImageTag(imageTag)) {
      throw new Error(`PushedImageConstruct: invalid image tag "${imageTag}" (a docker tag, never latest)`);
    }
    this.repository = new DataAwsEcrRepository(this, 'repository', { name: repositoryName });
    this.image = new DataAwsEcrImage(this, 'image', { repositoryName, imageTag });
    this.imageUri = `${this.repository.repositoryUrl}:${imageTag}`;
  }
}
