import { APP_PERMISSIONS, AppPrincipal, kmsActionsFor, resourceNames } from '@app/aws-resources';
import { SHARED_IMAGE_APPS, sharedImageRepositoryName } from '../config/image-repositories';
import { AwsContext } from './aws-context';
import { PolicyStatement } from './iam-policy';

/**
 * The permissions boundary of one environment's orders-stack roles: the bootstrap creates it per
 * environment, the orders stack sets it on every role it creates (INFRA_PERMISSIONS_BOUNDARY), and
 * a deploy role may create or change an `orders-<env>-*` role only with it attached
 * (deploy-permissions.ts). Whatever inline policy a deploy role writes, the role it writes it on
 * can then never do more than this: what the stack's runtime roles need (the task roles from
 * APP_PERMISSIONS, the execution roles, the flow-log role), on the environment's names where ARNs
 * carry names, and never IAM, STS or Organizations.
 */

/** `orders-<env>-permissions-boundary`: the one name both the bootstrap and the orders stack use. */
export function permissionsBoundaryName(environment: string): string {
  return `${resourceNames(environment).prefix}-permissions-boundary`;
}

/** The boundary's ARN, from the account the stack deploys to and the shared name. */
export function permissionsBoundaryArn(
  aws: Pick<AwsContext, 'accountId' | 'partition'>,
  environment: string,
): string {
  return `arn:${aws.partition}:iam::${aws.accountId}:policy/${permissionsBoundaryName(environment)}`;
}

/** Services no role of the orders stack may ever call, whatever its own policy says. */
export const NEVER_IN_BOUNDARY = ['iam:*', 'sts:*', 'organizations:*'] as const;

export function permissionsBoundaryStatements(
  environment: string,
  aws: Pick<AwsContext, 'accountId' | 'partition'>,
): PolicyStatement[] {
  const names = resourceNames(environment);
  const { prefix } = names;
  const { partition, accountId } = aws;
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:*:${accountId}:${resource}`;
  const logicalArns = {
    topic: arn('sns', names.topic),
    queue: arn('sqs', names.queue),
    deadLetterQueue: arn('sqs', names.deadLetterQueue),
    table: arn('dynamodb', `table/${names.table}`),
  };
  const appPermissions = (Object.keys(APP_PERMISSIONS) as AppPrincipal[]).flatMap(
    (app) => APP_PERMISSIONS[app],
  );
  const logGroup = (name: string) => arn('logs', `log-group:${name}:*`);
  return [
    // Task roles: exactly the apps' permissions, on this environment's resources.
    ...appPermissions.map((permission) => ({
      sid: `App${permission.sid}`,
      actions: permission.actions,
      resources: [logicalArns[permission.resource]],
    })),
    {
      // Key ids carry no name: any key of the account, and only the data-key actions the apps,
      // image pulls and secrets need. Without the environment's names above, a key opens nothing.
      sid: 'UseKeys',
      actions: [
        ...new Set(['kms:Decrypt', ...kmsActionsFor(appPermissions.flatMap((p) => p.actions))]),
      ].sort(),
      resources: [arn('kms', 'key/*')],
    },
    // Execution roles: log in, pull the environment's or the shared images, read its secrets.
    { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    {
      sid: 'PullImages',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: [
        arn('ecr', `repository/${prefix}/*`),
        ...SHARED_IMAGE_APPS.map((app) => arn('ecr', `repository/${sharedImageRepositoryName(app)}`)),
      ],
    },
    {
      sid: 'ReadSecrets',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [arn('secretsmanager', `secret:${prefix}/*`)],
    },
    // Execution roles and the flow-log role: write the environment's task and flow logs.
    {
      sid: 'WriteLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroup(`/ecs/${prefix}-*`), logGroup(`/vpc/${prefix}/*`)],
    },
    {
      // The flow-log service's existence check of its destination: a list action on the account's groups.
      sid: 'FindLogGroups',
      actions: ['logs:DescribeLogGroups'],
      resources: [arn('logs', 'log-group:*')],
    },
    { sid: 'NeverIdentity', effect: 'Deny', actions: NEVER_IN_BOUNDARY, resources: ['*'] },
  ];
}
