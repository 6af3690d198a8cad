import { Construct } from 'constructs';
import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BootstrapConfig } from '../config/bootstrap-config';
import { SHARED_IMAGE_APPS, sharedImageRepositoryName } from '../config/image-repositories';
import { stateKeyOf } from '../config/state-key';
import { DeployRoleConstruct } from '../constructs/deploy-role.construct';
import { GithubOidcProviderConstruct } from '../constructs/github-oidc-provider.construct';
import { PermissionsBoundaryConstruct } from '../constructs/permissions-boundary.construct';
import { SharedImageRepositoryConstruct } from '../constructs/shared-image-repository.construct';
import { StateBucketConstruct } from '../constructs/state-bucket.construct';
import { StateBackendConstruct } from '../constructs/state-backend.construct';
import { AwsContext } from '../lib/aws-context';
import { deployRoleStatements } from '../lib/deploy-permissions';

export interface BootstrapStackProps {
  readonly config: BootstrapConfig;
  /**
   * This stack's own local state file, relative to its directory (`<outdir>/stacks/orders-bootstrap`):
   * it creates the bucket remote state needs.
   */
  readonly stateFile: string;
}

/**
 * What a team deploys once per AWS account before the pipeline can run: the bucket every
 * environment's Terraform state lives in, GitHub's OIDC provider (one per account), one deploy
 * role per GitHub environment, and the image repositories every environment shares (they must
 * exist before the first push). Its own state is local: it creates the bucket a remote backend
 * would need (infra/README.md says how to move it there afterwards).
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { config } = props;
    new StateBackendConstruct(this, 'state-backend', { localPath: props.stateFile });
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { Project: 'resilient-orders', Environment: 'bootstrap', ManagedBy: 'cdktf' } }],
    });
    const aws: AwsContext = {
      accountId: new DataAwsCallerIdentity(this, 'caller').accountId,
      partition: new DataAwsPartition(this, 'partition').partition,
      region: config.region,
    };

    const state = new StateBucketConstruct(this, 'state', {
      // Bucket names are global: the account and region make it unique. It never starts with
      // `orders-`, so no environment's `orders-<env>-*` grants can reach it.
      bucketName: `terraform-state-orders-${aws.accountId}-${aws.region}`,
      aws,
      noncurrentVersionDays: config.noncurrentStateVersionDays,
    });
    const repositories = SHARED_IMAGE_APPS.map(
      (app) =>
        new SharedImageRepositoryConstruct(this, `${app}-repository`, {
          name: sharedImageRepositoryName(app),
          retentionCount: config.imageRetentionCount,
        }).repository,
    );
    const oidc = new GithubOidcProviderConstruct(this, 'github-oidc');

    const [imagePusher] = config.deployEnvironments;
    for (const environment of config.deployEnvironments) {
      // The cap on every role the environment's stack creates (INFRA_PERMISSIONS_BOUNDARY there).
      const boundary = new PermissionsBoundaryConstruct(this, `permissions-boundary-${environment}`, {
        environment,
        aws,
      }).policy;
      const deployRole = new DeployRoleConstruct(this, `deploy-role-${environment}`, {
        environment,
        githubRepository: config.githubRepository,
        oidcProviderArn: oidc.provider.arn,
        statements: deployRoleStatements({
          environment,
          aws,
          stateBucketArn: state.bucket.arn,
          stateKmsKeyArn: state.key.arn,
          permissionsBoundaryArn: boundary.arn,
          stateKey: stateKeyOf(environment),
          sharedRepositoryArns: repositories.map((repository) => repository.arn),
          pushesImages: environment === imagePusher,
        }),
      });
      new TerraformOutput(this, `deploy_role_arn_${environment}`, {
        value: deployRole.role.arn,
        description: `AWS_ROLE_ARN of the GitHub environment ${environment}`,
      });
    }

    new TerraformOutput(this, 'state_bucket', {
      value: state.bucket.bucket,
      description: 'INFRA_STATE_BUCKET of every environment',
    });
    new TerraformOutput(this, 'state_region', { value: aws.region, description: 'INFRA_STATE_REGION' });
    new TerraformOutput(this, 'image_registry', {
      value: Fn.element(Fn.split('/', repositories[0].repositoryUrl), 0),
      description: 'ECR registry of the shared repositories',
    });
    new TerraformOutput(this, 'image_push_environment', {
      value: imagePusher,
      description: "The GitHub environment whose role pushes the images (the pipeline's build job)",
    });
  }
}
