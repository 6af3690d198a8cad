import { loadStackConfig } from '../config/stack-config';
import { synthOrdersStack } from '../testing/orders-stack';
import { parsePolicy, resourcesOf, TerraformJson, TEST_AWS } from '../testing/fixtures';
import { policyDocument } from './iam-policy';
import { IdentityPolicy, isAllowed } from './policy-check';
import {
  NEVER_IN_BOUNDARY,
  permissionsBoundaryArn,
  permissionsBoundaryName,
  permissionsBoundaryStatements,
} from './permissions-boundary';

const ACCOUNT = TEST_AWS.accountId;

/** ARN of a referenced resource as AWS would name it, from its `name` in the synthesized JSON. */
const ARN_OF_TYPE: Readonly<Record<string, (region: string, name: string) => string>> = {
  aws_sqs_queue: (region, name) => `arn:aws:sqs:${region}:${ACCOUNT}:${name}`,
  aws_sns_topic: (region, name) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`,
  aws_dynamodb_table: (region, name) => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${name}`,
  aws_kms_key: (region) => `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  aws_cloudwatch_log_group: (region, name) => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`,
  aws_ecr_repository: (region, name) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/${name}`,
  aws_secretsmanager_secret: (region, name) =>
    `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-AbCdEf`,
};

/** Replaces the Terraform references of a synthesized policy's resource by the ARN AWS would give. */
function resolve(json: TerraformJson, region: string, resource: string): string {
  return resource
    .replace(/\$\{data\.aws_partition\.[\w-]+\.partition\}/g, 'aws')
    .replace(/\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}/g, ACCOUNT)
    .replace(/\$\{(data\.)?(aws_\w+)\.([\w-]+)\.arn\}/g, (reference, data: string | undefined, type, key) => {
      const body = (data ? json.data : json.resource)?.[type]?.[key];
      const arnOf = ARN_OF_TYPE[type];
      if (!body || !arnOf) throw new Error(`cannot resolve ${reference}: add its type to ARN_OF_TYPE`);
      return arnOf(region, String(body.name));
    });
}

const list = (value: string | readonly string[]) => (typeof value === 'string' ? [value] : value);

const VARIANTS: Record<string, string>[] = [
  { INFRA_ENVIRONMENT: 'dev', INFRA_PERMISSIONS_BOUNDARY: 'true' },
  { INFRA_ENVIRONMENT: 'dev', INFRA_PERMISSIONS_BOUNDARY: 'true', INFRA_IMAGE_TAG: 'a1b2c3d' },
  {
    INFRA_ENVIRONMENT: 'prod',
    INFRA_PERMISSIONS_BOUNDARY: 'true',
    INFRA_HOSTED_ZONE: 'example.com',
    INFRA_IMAGE_TAG: 'a1b2c3d',
    INFRA_REGION: 'eu-west-1',
  },
];

describe('permissions boundary', () => {
  it.each(VARIANTS)('covers every action every role policy of the orders stack grants (%o)', (env) => {
    const { json } = synthOrdersStack(env);
    const { environment, region } = loadStackConfig(env);
    const boundary = JSON.parse(
      policyDocument(permissionsBoundaryStatements(environment, TEST_AWS)),
    ) as IdentityPolicy;
    const policies = resourcesOf(json, 'aws_iam_role_policy');
    expect(policies.length).toBeGreaterThanOrEqual(5);
    const outside = policies.flatMap((body) =>
      parsePolicy(body).Statement.flatMap((statement) =>
        list(statement.Action).flatMap((action) =>
          list(statement.Resource)
            .map((resource) => resolve(json, region, resource))
            .filter((resource) => !isAllowed(boundary, action, resource))
            .map((resource) => `${String(body.role)} ${statement.Sid}: ${action} on ${resource}`),
        ),
      ),
    );
    expect(outside).toEqual([]);
  });

  it("allows nothing on another environment's resources, and never IAM, STS or Organizations", () => {
    const boundary = JSON.parse(
      policyDocument(permissionsBoundaryStatements('dev', TEST_AWS)),
    ) as IdentityPolicy;
    const prodQueue = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-prod-queue`;
    expect(isAllowed(boundary, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-dev-queue`)).toBe(
      true,
    );
    expect(isAllowed(boundary, 'sqs:SendMessage', prodQueue)).toBe(false);
    expect(
      isAllowed(
        boundary,
        'dynamodb:GetItem',
        `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-prod-orders`,
      ),
    ).toBe(false);
    expect(
      isAllowed(
        boundary,
        'secretsmanager:GetSecretValue',
        `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:orders-prod/x`,
      ),
    ).toBe(false);
    expect(
      isAllowed(
        boundary,
        'logs:PutLogEvents',
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/orders-prod-order-receiver:*`,
      ),
    ).toBe(false);
    expect(
      isAllowed(
        boundary,
        's3:GetObject',
        'arn:aws:s3:::terraform-state-orders-123456789012-us-east-1/orders-dev/terraform.tfstate',
      ),
    ).toBe(false);
    expect(isAllowed(boundary, 'kms:ScheduleKeyDeletion', `arn:aws:kms:us-east-1:${ACCOUNT}:key/any`)).toBe(
      false,
    );
    for (const action of [
      'iam:CreateRole',
      'iam:PassRole',
      'sts:AssumeRole',
      'organizations:LeaveOrganization',
    ]) {
      expect(isAllowed(boundary, action, '*')).toBe(false);
    }
    const allowed = permissionsBoundaryStatements('dev', TEST_AWS).filter(
      (s) => (s.effect ?? 'Allow') === 'Allow',
    );
    for (const { actions } of allowed) {
      for (const action of actions) {
        expect(action).not.toMatch(/^(iam|sts|organizations):|\*/);
      }
    }
    expect(NEVER_IN_BOUNDARY).toEqual(['iam:*', 'sts:*', 'organizations:*']);
  });

  it('has one name, derived from the environment, and an ARN from the account', () => {
    expect(permissionsBoundaryName('dev')).toBe('orders-dev-permissions-boundary');
    expect(permissionsBoundaryArn(TEST_AWS, 'prod')).toBe(
      'arn:aws:iam::123456789012:policy/orders-prod-permissions-boundary',
    );
  });
});

describe('INFRA_PERMISSIONS_BOUNDARY', () => {
  const roles = (env: Record<string, string>) =>
    Object.values(synthOrdersStack(env).json.resource?.aws_iam_role ?? {});

  it("sets the environment's boundary on every role the orders stack creates", () => {
    const created = roles({ INFRA_ENVIRONMENT: 'dev', INFRA_PERMISSIONS_BOUNDARY: 'true' });
    expect(created.length).toBeGreaterThanOrEqual(5);
    for (const role of created) {
      expect(role.permissions_boundary).toBe(
        'arn:${data.aws_partition.partition.partition}:iam::${data.aws_caller_identity.caller.account_id}:policy/orders-dev-permissions-boundary',
      );
    }
  });

  it('sets none without it, where no bootstrap created one', () => {
    for (const role of roles({ INFRA_ENVIRONMENT: 'dev' })) expect(role.permissions_boundary).toBeUndefined();
  });

  it('accepts only true or false', () => {
    expect(() => loadStackConfig({ INFRA_PERMISSIONS_BOUNDARY: 'arn:aws:iam::1:policy/x' })).toThrow(
      /INFRA_PERMISSIONS_BOUNDARY must be true or false/,
    );
  });
});
