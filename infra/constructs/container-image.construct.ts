import { Construct } from 'constructs';
import { DataResource, Fn } from 'cdktf';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { isDeployableImageTag, isValidRepositoryName } from '../config/image-repositories';

export interface ContainerImageProps {
  /** Repository name, e.g. `orders-dev/order-receiver`. */
  readonly repositoryName: string;
  /** Value of the Dockerfile's `APP` build argument, e.g. `order-receiver`. */
  readonly app: string;
  /** Content-hash tag; never `latest`. */
  readonly imageTag: string;
  /** Directory `docker build` runs in (the repository root). */
  readonly contextDir: string;
  /** Dockerfile path relative to `contextDir`. */
  readonly dockerfile: string;
  readonly region: string;
  readonly imageRetentionCount: number;
  readonly kmsKeyArn: string;
}

/**
 * One app's image: its ECR repository (immutable tags, scan on push, KMS,
 * lifecycle keeping the last N images) and the build-and-push step.
 *
 * The step is a `terraform_data` resource with a `local-exec` provisioner, so
 * synth needs no Docker provider bindings and works offline. It is replaced
 * (re-runs) only when the tag changes; the tag is a content hash of the sources
 * computed at synth time, so an unchanged tree deploys nothing and a change
 * rolls the service. The command skips the build when the tag is already in
 * the repository, which makes a retried deploy safe with immutable tags.
 */
export class ContainerImageConstruct extends Construct {
  public readonly repository: EcrRepository;
  /** `<repository url>:<tag>`, for the task definition. */
  public readonly imageUri: string;
  /** Depend on this so nothing starts a task before its image is pushed. */
  public readonly build: DataResource;

  constructor(scope: Construct, id: string, props: ContainerImageProps) {
    super(scope, id);
    const { repositoryName, app, imageTag, imageRetentionCount } = props;
    if (!isValidRepositoryName(repositoryName)) {
      throw new Error(`ContainerImageConstruct: invalid repository name "${repositoryName}"`);
    }
    if (!isDeployableImageTag(imageTag)) {
      throw new Error(
        `ContainerImageConstruct: invalid image tag "${imageTag}" (a content hash, never latest)`,
      );
    }
    if (!/^[a-z0-9-]+$/.test(app)) throw new Error(`ContainerImageConstruct: invalid app "${app}"`);
    if (!Number.isInteger(imageRetentionCount) || imageRetentionCount < 1) {
      throw new Error('ContainerImageConstruct: imageRetentionCount must be a positive integer');
    }

    this.repository = new EcrRepository(this, 'repository', {
      name: repositoryName,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
      // Images are rebuilt from source on deploy, so `destroy` may delete them.
      forceDelete: true,
    });

    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Keep the last ${imageRetentionCount} images`,
            selection: {
              tagStatus: 'any',
              countType: 'imageCountMoreThan',
              countNumber: imageRetentionCount,
            },
            action: { type: 'expire' },
          },
        ],
      }),
    });

    this.imageUri = `${this.repository.repositoryUrl}:${imageTag}`;
    this.build = new DataResource(this, 'build', {
      triggersReplace: { image: this.imageUri },
      provisioners: [
        {
          type: 'local-exec',
          workingDir: props.contextDir,
          interpreter: ['/bin/sh', '-c'],
          environment: {
            APP: app,
            IMAGE: this.imageUri,
            TAG: imageTag,
            REPOSITORY: this.repository.name,
            REGISTRY: Fn.element(Fn.split('/', this.repository.repositoryUrl), 0),
            REGION: props.region,
            DOCKERFILE: props.dockerfile,
          },
          command: BUILD_AND_PUSH,
        },
      ],
    });
  }
}

/**
 * Shell run by the build step (variables come from the provisioner environment;
 * `$NAME` without braces, because Terraform would read `${...}` as its own).
 */
export const BUILD_AND_PUSH = [
  'set -e',
  'if aws ecr describe-images --region "$REGION" --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" >/dev/null 2>&1; then echo "$IMAGE is already in ECR"; exit 0; fi',
  'aws ecr get-login-password --region "$REGION" | docker login --username AWS --password-stdin "$REGISTRY"',
  'docker build --platform linux/amd64 --build-arg APP="$APP" -f "$DOCKERFILE" -t "$IMAGE" .',
  'docker push "$IMAGE"',
].join('\n');
