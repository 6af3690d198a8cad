import { synthOrdersStack } from '../testing/orders-stack';
import { PolicyStatement, policyDocument } from './iam-policy';
import { IdentityPolicy, isAllowed } from './policy-check';
import {
  DEPLOY_SERVICES_BY_ID,
  DEPLOY_SERVICES_BY_NAME,
  DeployRolePermissions,
  deployRoleStatements,
  SERVICE_LINKED_ROLE_SERVICES,
} from './deploy-permissions';
import { TEST_AWS } from '../testing/fixtures';

/**
 * The IAM service each Terraform type of the orders stack calls, by the longest matching type
 * prefix. A type missing here fails the coverage spec: add it, and its service to the deploy role.
 */
const SERVICE_OF_TYPE: Readonly<Record<string, string>> = {
  aws_acm_: 'acm',
  aws_appautoscaling_: 'application-autoscaling',
  aws_cloudfront_: 'cloudfront',
  aws_cloudwatch_dashboard: 'cloudwatch',
  aws_cloudwatch_log_: 'logs',
  aws_cloudwatch_metric_alarm: 'cloudwatch',
  aws_cognito_: 'cognito-idp',
  aws_dynamodb_: 'dynamodb',
  aws_ecr_: 'ecr',
  aws_ecs_: 'ecs',
  aws_default_security_group: 'ec2',
  aws_eip: 'ec2',
  aws_flow_log: 'ec2',
  aws_iam_: 'iam',
  aws_internet_gateway: 'ec2',
  aws_kms_: 'kms',
  aws_lb: 'elasticloadbalancing',
  aws_nat_gateway: 'ec2',
  aws_route53_: 'route53',
  aws_route_table: 'ec2',
  aws_route: 'ec2',
  aws_s3_: 's3',
  aws_secretsmanager_: 'secretsmanager',
  aws_security_group: 'ec2',
  aws_sns_: 'sns',
  aws_sqs_: 'sqs',
  aws_subnet: 'ec2',
  aws_availability_zones: 'ec2',
  aws_vpc: 'ec2',
  aws_wafv2_: 'wafv2',
};
/** Types that call no AWS API that needs a permission. */
const NO_PERMISSION = new Set(['terraform_data', 'aws_caller_identity', 'aws_partition']);

function serviceOf(type: string): string | undefined {
  const prefix = Object.keys(SERVICE_OF_TYPE)
    .filter((candidate) => type.startsWith(candidate))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : SERVICE_OF_TYPE[prefix];
}

describe(deployRoleStatements.name, () => {
  const props: DeployRolePermissions = {
    environment: 'dev',
    aws: TEST_AWS,
    stateBucketArn: 'arn:aws:s3:::terraform-state-orders-123456789012-eu-west-1',
    stateKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/state',
    permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/orders-dev-permissions-boundary',
    stateKey: 'orders-dev/terraform.tfstate',
    sharedRepositoryArns: ['arn:aws:ecr:eu-west-1:123456789012:repository/orders/order-receiver'],
    pushesImages: false,
  };
  const statement = (
    sid: string,
    overrides: Partial<DeployRolePermissions> = {},
  ): PolicyStatement | undefined =>
    deployRoleStatements({ ...props, ...overrides }).find((candidate) => candidate.sid === sid);

  it('covers every AWS service the orders stack uses, in every variant the scan synthesizes', () => {
    const granted = new Set<string>([...DEPLOY_SERVICES_BY_ID, ...DEPLOY_SERVICES_BY_NAME]);
    const variants: Record<string, string>[] = [
      { INFRA_ENVIRONMENT: 'dev', INFRA_CREATE_ECS_SERVICE_LINKED_ROLE: 'true' },
      { INFRA_ENVIRONMENT: 'dev', INFRA_IMAGE_TAG: 'a1b2c3d' },
      { INFRA_ENVIRONMENT: 'staging', INFRA_REGION: 'eu-west-1', INFRA_HOSTED_ZONE: 'example.com' },
      { INFRA_ENVIRONMENT: 'prod', INFRA_HOSTED_ZONE: 'example.com', INFRA_ALARM_EMAIL: 'ops@example.com' },
    ];
    const types = new Set(
      variants.flatMap((env) => {
        const { json } = synthOrdersStack(env);
        return [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];
      }),
    );
    const uncovered = [...types]
      .filter((type) => !NO_PERMISSION.has(type))
      .filter((type) => {
        const service = serviceOf(type);
        return service === undefined || !granted.has(service);
      });
    expect(uncovered).toEqual([]);
  });

  it("reads and writes only its own environment's state object and lock", () => {
    expect(statement('ReadWriteOwnState')?.resources).toEqual([
      `${props.stateBucketArn}/orders-dev/terraform.tfstate`,
      `${props.stateBucketArn}/orders-dev/terraform.tfstate.tflock`,
    ]);
    expect(statement('ReleaseOwnStateLock')).toMatchObject({
      actions: ['s3:DeleteObject'],
      resources: [`${props.stateBucketArn}/orders-dev/terraform.tfstate.tflock`],
    });
    const onBucket = deployRoleStatements(props).filter((candidate) =>
      candidate.resources.some((resource) => resource.startsWith(props.stateBucketArn)),
    );
    expect(onBucket.map((candidate) => candidate.sid).sort()).toEqual([
      'ListOwnState',
      'ReadWriteOwnState',
      'ReleaseOwnStateLock',
    ]);
  });

  it("manages and passes only the environment's own IAM roles, and passes them only to ECS tasks and flow logs", () => {
    expect(statement('ManageOwnRoles')?.resources).toEqual(['arn:aws:iam::123456789012:role/orders-dev-*']);
    expect(statement('PassOwnRoles')).toMatchObject({
      resources: ['arn:aws:iam::123456789012:role/orders-dev-*'],
      conditions: {
        StringEquals: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'] },
      },
    });
    const iamStatements = deployRoleStatements(props).filter(
      (candidate) =>
        candidate.effect !== 'Deny' && candidate.actions.some((action) => action.startsWith('iam:')),
    );
    for (const { resources } of iamStatements) {
      for (const resource of resources) {
        expect(resource).toMatch(/^arn:aws:iam::123456789012:role\/(orders-dev-\*|aws-service-role\/.+)$/);
      }
    }
  });

  it('never grants IAM, or any name-scoped service, on every resource', () => {
    for (const { actions, resources, effect } of deployRoleStatements({ ...props, pushesImages: true })) {
      if (!resources.includes('*') || effect === 'Deny') continue;
      for (const action of actions) {
        const [service] = action.split(':');
        const accountWide = ['ecr:GetAuthorizationToken', 'secretsmanager:GetRandomPassword'];
        if (accountWide.includes(action)) continue;
        expect(DEPLOY_SERVICES_BY_ID as readonly string[]).toContain(service);
      }
    }
  });

  it("limits the name-scoped services to the environment's names", () => {
    expect(statement('ManageOwnNamedResources')?.resources).toEqual([
      'arn:aws:sns:*:123456789012:orders-dev-*',
      'arn:aws:sqs:*:123456789012:orders-dev-*',
      'arn:aws:dynamodb:*:123456789012:table/orders-dev-*',
      'arn:aws:s3:::orders-dev-*',
      'arn:aws:secretsmanager:*:123456789012:secret:orders-dev/*',
      'arn:aws:ecr:*:123456789012:repository/orders-dev/*',
    ]);
  });

  it('lets only the image-pushing role push, and every role read, the shared repositories', () => {
    expect(statement('PushSharedImages')).toBeUndefined();
    expect(statement('ReadSharedImages')?.resources).toEqual(props.sharedRepositoryArns);
    expect(statement('PushSharedImages', { pushesImages: true })?.actions).toContain('ecr:PutImage');
  });

  const policy = (overrides: Partial<DeployRolePermissions> = {}): IdentityPolicy =>
    JSON.parse(
      policyDocument(deployRoleStatements({ ...props, pushesImages: true, ...overrides })),
    ) as IdentityPolicy;
  const ownRole = 'arn:aws:iam::123456789012:role/orders-dev-admin';

  it('lets a role get permissions only with the permissions boundary, and never lose it', () => {
    const conditioned = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:PutRolePermissionsBoundary'];
    const unconditioned = deployRoleStatements({ ...props, pushesImages: true }).filter(
      (candidate) => candidate.conditions?.StringEquals?.['iam:PermissionsBoundary'] === undefined,
    );
    const withoutBoundary = JSON.parse(policyDocument(unconditioned)) as IdentityPolicy;
    for (const action of conditioned) {
      expect(isAllowed(withoutBoundary, action, ownRole)).toBe(false);
      expect(isAllowed(policy(), action, ownRole)).toBe(true);
    }
    expect(statement('GrantOwnRolesWithinBoundary')?.conditions).toEqual({
      StringEquals: { 'iam:PermissionsBoundary': props.permissionsBoundaryArn },
    });
    expect(isAllowed(policy(), 'iam:DeleteRolePermissionsBoundary', ownRole)).toBe(false);
    expect(statement('KeepBoundaries')).toMatchObject({
      effect: 'Deny',
      actions: ['iam:DeleteRolePermissionsBoundary'],
      resources: ['*'],
    });
    for (const action of ['iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:CreatePolicyVersion']) {
      expect(isAllowed(policy(), action, ownRole)).toBe(false);
    }
    expect(isAllowed(policy(), 'iam:CreatePolicyVersion', props.permissionsBoundaryArn)).toBe(false);
  });

  it('needs no managed-policy attachment: the orders stack creates none', () => {
    const variants: Record<string, string>[] = [
      { INFRA_ENVIRONMENT: 'dev', INFRA_CREATE_ECS_SERVICE_LINKED_ROLE: 'true' },
      { INFRA_ENVIRONMENT: 'prod', INFRA_HOSTED_ZONE: 'example.com', INFRA_IMAGE_TAG: 'a1b2c3d' },
    ];
    for (const env of variants) {
      const { json } = synthOrdersStack(env);
      expect(Object.keys(json.resource ?? {}).filter((type) => type.includes('policy_attachment'))).toEqual(
        [],
      );
      for (const role of Object.values(json.resource?.aws_iam_role ?? {})) {
        expect(role.managed_policy_arns).toBeUndefined();
      }
    }
  });

  it('creates service-linked roles only, and only of the services the stack uses', () => {
    expect(statement('CreateServiceLinkedRoles')).toEqual({
      sid: 'CreateServiceLinkedRoles',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['arn:aws:iam::123456789012:role/aws-service-role/*'],
      conditions: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLE_SERVICES } },
    });
  });

  it('only uses the state key: no policy, grant, disabling or deletion of it', () => {
    const stateKey = props.stateKmsKeyArn;
    for (const action of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']) {
      expect(isAllowed(policy(), action, stateKey)).toBe(true);
    }
    for (const action of [
      'kms:ScheduleKeyDeletion',
      'kms:PutKeyPolicy',
      'kms:CreateGrant',
      'kms:DisableKey',
    ]) {
      expect(isAllowed(policy(), action, stateKey)).toBe(false);
    }
    // Other keys carry ids, not names: the stack's own key needs kms:* (infra/README.md says so).
    expect(
      isAllowed(policy(), 'kms:ScheduleKeyDeletion', 'arn:aws:kms:eu-west-1:123456789012:key/other'),
    ).toBe(true);
  });

  it("lists the state bucket only at the environment's own state and lock", () => {
    expect(statement('ListOwnState')).toEqual({
      sid: 'ListOwnState',
      actions: ['s3:ListBucket'],
      resources: [props.stateBucketArn],
      conditions: {
        StringEquals: {
          's3:prefix': ['orders-dev/terraform.tfstate', 'orders-dev/terraform.tfstate.tflock'],
        },
      },
    });
  });
});
