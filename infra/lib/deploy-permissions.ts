import { resourceNames } from '@app/aws-resources';
import { stateLockKeyOf } from '../config/state-key';
import { AwsContext } from './aws-context';
import { PolicyStatement } from './iam-policy';

/**
 * What a deploy role may do: everything `cdktf deploy` (and `destroy`) of one environment's orders
 * stack needs, defined once for every environment's role. It is broad by nature: the stack creates
 * a VPC, a cluster, a load balancer, a user pool, keys and IAM roles.
 *
 * Where an AWS service's ARNs carry the resource's name, the grant is limited to the environment's
 * names (`orders-<env>-…`, resourceNames in @app/aws-resources): IAM roles, SNS topics, SQS queues,
 * DynamoDB tables, S3 buckets, secrets and ECR repositories; and to the environment's own state
 * object and lock in the state bucket. The other services name resources by generated ids
 * (vpc-…, key ids, user pool ids, distribution ids), so no ARN pattern can tell one environment's
 * from another's: they are granted service-wide, and a role of one environment could change
 * another environment's resources of those services in the same account (KMS: every key but the
 * state key, on which only its use is allowed). Where that matters, use one AWS account per
 * environment, each bootstrapped with only its environment.
 *
 * The roles a deploy role creates carry the environment's permissions boundary
 * (permissions-boundary.ts), which it must attach to create a role or write its policy and may never
 * remove: no role it makes can do more than the stack's runtime roles need.
 */

/** Services granted on every resource: their ARNs carry ids, not the environment's names. */
export const DEPLOY_SERVICES_BY_ID = [
  'acm',
  'application-autoscaling',
  'cloudfront',
  'cloudwatch',
  'cognito-idp',
  'ec2',
  'ecs',
  'elasticloadbalancing',
  'kms',
  'logs',
  'route53',
  'wafv2',
] as const;

/** Services granted only on the environment's names (see deployRoleStatements). */
export const DEPLOY_SERVICES_BY_NAME = [
  'dynamodb',
  'ecr',
  'iam',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
] as const;

/** AWS services that create a service-linked role on first use by the stack's resources. */
export const SERVICE_LINKED_ROLE_SERVICES = [
  'ecs.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'ecs.application-autoscaling.amazonaws.com',
  'wafv2.amazonaws.com',
] as const;

/** Services the orders stack passes its roles to (the tasks' roles, the flow log's). */
const PASSED_TO_SERVICES = ['ecs-tasks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'];

/**
 * IAM actions that give a role permissions: allowed only when the role has the environment's
 * permissions boundary (the `iam:PermissionsBoundary` condition key), so a role a deploy role
 * creates or writes a policy into can never do more than the boundary allows. The orders stack
 * attaches no managed policy, so AttachRolePolicy is not granted at all.
 */
export const BOUNDED_ROLE_ACTIONS = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:PutRolePermissionsBoundary'];

/** The state key's uses by Terraform's S3 backend (through S3); every other KMS action is denied on it. */
export const STATE_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** IAM actions on the stack's own roles and their inline policies that grant no permission. */
const ROLE_ACTIONS = [
  'iam:DeleteRole',
  'iam:GetRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:GetRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
];

export interface DeployRolePermissions {
  /** The environment this role deploys, e.g. `prod`. */
  readonly environment: string;
  readonly aws: AwsContext;
  readonly stateBucketArn: string;
  readonly stateKmsKeyArn: string;
  /** The environment's permissions boundary (permissionsBoundaryArn), required on its roles. */
  readonly permissionsBoundaryArn: string;
  /** The environment's state object in the bucket (stateKeyOf). */
  readonly stateKey: string;
  /** The repositories every environment's images come from (the bootstrap's). */
  readonly sharedRepositoryArns: readonly string[];
  /** Whether this role also pushes the images (the pipeline's build job runs with it). */
  readonly pushesImages: boolean;
}

export function deployRoleStatements(props: DeployRolePermissions): PolicyStatement[] {
  const { aws, stateBucketArn, stateKey } = props;
  const { prefix } = resourceNames(props.environment);
  const { partition, accountId } = aws;
  const regional = (service: string, resource: string) =>
    `arn:${partition}:${service}:*:${accountId}:${resource}`;
  const ownRoles = `arn:${partition}:iam::${accountId}:role/${prefix}-*`;
  return [
    {
      // Only the environment's own state and lock: Terraform's S3 backend also lists `env:/` for
      // workspaces, and (since 1.7) takes AccessDenied there as "no other workspace".
      sid: 'ListOwnState',
      actions: ['s3:ListBucket'],
      resources: [stateBucketArn],
      conditions: { StringEquals: { 's3:prefix': [stateKey, stateLockKeyOf(stateKey)] } },
    },
    {
      sid: 'ReadWriteOwnState',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [`${stateBucketArn}/${stateKey}`, `${stateBucketArn}/${stateLockKeyOf(stateKey)}`],
    },
    {
      sid: 'ReleaseOwnStateLock',
      actions: ['s3:DeleteObject'],
      resources: [`${stateBucketArn}/${stateLockKeyOf(stateKey)}`],
    },
    {
      sid: 'UseStateKey',
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [props.stateKmsKeyArn],
    },
    {
      // ManageServicesById grants kms:* on every key: never the state key's policy, grants or deletion.
      sid: 'OnlyUseStateKey',
      effect: 'Deny',
      actions: [],
      notActions: STATE_KEY_ACTIONS,
      resources: [props.stateKmsKeyArn],
    },
    { sid: 'ManageOwnRoles', actions: ROLE_ACTIONS, resources: [ownRoles] },
    {
      sid: 'GrantOwnRolesWithinBoundary',
      actions: BOUNDED_ROLE_ACTIONS,
      resources: [ownRoles],
      conditions: { StringEquals: { 'iam:PermissionsBoundary': props.permissionsBoundaryArn } },
    },
    {
      sid: 'KeepBoundaries',
      effect: 'Deny',
      actions: ['iam:DeleteRolePermissionsBoundary'],
      resources: ['*'],
    },
    {
      sid: 'PassOwnRoles',
      actions: ['iam:PassRole'],
      resources: [ownRoles],
      conditions: { StringEquals: { 'iam:PassedToService': PASSED_TO_SERVICES } },
    },
    {
      sid: 'CreateServiceLinkedRoles',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${partition}:iam::${accountId}:role/aws-service-role/*`],
      conditions: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLE_SERVICES } },
    },
    {
      // INFRA_CREATE_ECS_SERVICE_LINKED_ROLE: the stack may own the account's ECS role.
      sid: 'ManageEcsServiceLinkedRole',
      actions: [
        'iam:GetRole',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:ListRoleTags',
        'iam:UpdateRoleDescription',
        'iam:DeleteServiceLinkedRole',
        'iam:GetServiceLinkedRoleDeletionStatus',
      ],
      resources: [
        `arn:${partition}:iam::${accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
      ],
    },
    {
      sid: 'ManageOwnNamedResources',
      actions: ['sns:*', 'sqs:*', 'dynamodb:*', 's3:*', 'secretsmanager:*', 'ecr:*'],
      resources: [
        regional('sns', `${prefix}-*`),
        regional('sqs', `${prefix}-*`),
        regional('dynamodb', `table/${prefix}-*`),
        `arn:${partition}:s3:::${prefix}-*`,
        regional('secretsmanager', `secret:${prefix}/*`),
        regional('ecr', `repository/${prefix}/*`),
      ],
    },
    {
      // Neither takes a resource: the ECR login, and the secret value Secrets Manager generates.
      sid: 'AccountWideCalls',
      actions: ['ecr:GetAuthorizationToken', 'secretsmanager:GetRandomPassword'],
      resources: ['*'],
    },
    {
      sid: 'ReadSharedImages',
      actions: [
        'ecr:DescribeRepositories',
        'ecr:DescribeImages',
        'ecr:ListImages',
        'ecr:ListTagsForResource',
      ],
      resources: props.sharedRepositoryArns,
    },
    ...(props.pushesImages
      ? [
          {
            sid: 'PushSharedImages',
            actions: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:BatchGetImage',
              'ecr:GetDownloadUrlForLayer',
              'ecr:InitiateLayerUpload',
              'ecr:UploadLayerPart',
              'ecr:CompleteLayerUpload',
              'ecr:PutImage',
            ],
            resources: props.sharedRepositoryArns,
          },
        ]
      : []),
    {
      sid: 'ManageServicesById',
      actions: DEPLOY_SERVICES_BY_ID.map((service) => `${service}:*`),
      resources: ['*'],
    },
  ];
}
