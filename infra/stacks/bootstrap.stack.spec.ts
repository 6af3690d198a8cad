import { App, Testing } from 'cdktf';
import { loadBootstrapConfig } from '../config/bootstrap-config';
import { parsePolicy, resourcesOf, TerraformJson } from '../testing/fixtures';
import { BootstrapStack } from './bootstrap.stack';

function synthBootstrap(env: Record<string, string>): TerraformJson {
  const stack = new BootstrapStack(Testing.app() as App, 'orders-bootstrap', {
    config: loadBootstrapConfig({ INFRA_GITHUB_REPOSITORY: 'acme/resilient-orders', ...env }),
    stateFile: '../../../terraform.orders-bootstrap.tfstate',
  });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

type Trust = { Statement: { Condition: { StringEquals: Record<string, string> } }[] };

describe(BootstrapStack.name, () => {
  const json = synthBootstrap({});
  const roles = resourcesOf(json, 'aws_iam_role');
  const policyOf = (roleName: string) => {
    const [key] = Object.entries(json.resource!.aws_iam_role).find(([, body]) => body.name === roleName)!;
    const policy = resourcesOf(json, 'aws_iam_role_policy').find(
      (body) => body.role === `\${aws_iam_role.${key}.id}`,
    )!;
    return parsePolicy(policy);
  };

  it("creates one deploy role per environment, each trusting only that GitHub environment, dev's too", () => {
    const subjects = Object.fromEntries(
      roles.map((role) => {
        const trust = JSON.parse(role.assume_role_policy as string) as Trust;
        return [
          role.name,
          trust.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'],
        ];
      }),
    );
    expect(subjects).toEqual({
      'github-deploy-orders-dev': 'repo:acme/resilient-orders:environment:dev',
      'github-deploy-orders-prod': 'repo:acme/resilient-orders:environment:prod',
    });
  });

  it('follows INFRA_DEPLOY_ENVIRONMENTS', () => {
    const names = resourcesOf(
      synthBootstrap({ INFRA_DEPLOY_ENVIRONMENTS: 'dev,staging,prod' }),
      'aws_iam_role',
    ).map((role) => role.name);
    expect(names.sort()).toEqual([
      'github-deploy-orders-dev',
      'github-deploy-orders-prod',
      'github-deploy-orders-staging',
    ]);
  });

  it("creates each environment's permissions boundary and makes its deploy role require it on the roles it grants", () => {
    const boundaries = Object.entries(json.resource!.aws_iam_policy);
    expect(boundaries.map(([, body]) => body.name).sort()).toEqual([
      'orders-dev-permissions-boundary',
      'orders-prod-permissions-boundary',
    ]);
    for (const environment of ['dev', 'prod']) {
      const [key, body] = boundaries.find(
        ([, candidate]) => candidate.name === `orders-${environment}-permissions-boundary`,
      )!;
      expect(parsePolicy(body).Statement.find((statement) => statement.Effect === 'Deny')?.Action).toEqual([
        'iam:*',
        'sts:*',
        'organizations:*',
      ]);
      const grant = policyOf(`github-deploy-orders-${environment}`).Statement.find(
        (statement) => statement.Sid === 'GrantOwnRolesWithinBoundary',
      ) as { Condition?: unknown } | undefined;
      expect(grant?.Condition).toEqual({
        StringEquals: { 'iam:PermissionsBoundary': `\${aws_iam_policy.${key}.arn}` },
      });
    }
  });

  it('has one GitHub OIDC provider for the account', () => {
    expect(resourcesOf(json, 'aws_iam_openid_connect_provider')).toHaveLength(1);
  });

  it('creates the shared image repositories the pipeline pushes to, before any push', () => {
    expect(
      resourcesOf(json, 'aws_ecr_repository')
        .map((repository) => repository.name)
        .sort(),
    ).toEqual(['orders/order-processor', 'orders/order-receiver']);
  });

  it('lets the first environment push images and every environment read them', () => {
    const sids = (role: string) => policyOf(role).Statement.map((statement) => statement.Sid);
    expect(sids('github-deploy-orders-dev')).toContain('PushSharedImages');
    expect(sids('github-deploy-orders-prod')).not.toContain('PushSharedImages');
    expect(sids('github-deploy-orders-prod')).toContain('ReadSharedImages');
  });

  it("gives each role its own environment's state key only", () => {
    const state = (role: string) =>
      policyOf(role).Statement.find((statement) => statement.Sid === 'ReadWriteOwnState')!.Resource;
    expect(state('github-deploy-orders-prod')).toEqual([
      expect.stringMatching(/\/orders-prod\/terraform\.tfstate$/),
      expect.stringMatching(/\/orders-prod\/terraform\.tfstate\.tflock$/),
    ]);
  });

  it('outputs what the GitHub settings and the remote backend need', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'deploy_role_arn_dev',
      'deploy_role_arn_prod',
      'image_push_environment',
      'image_registry',
      'state_bucket',
      'state_region',
    ]);
  });

  it('names the state bucket outside every environment (never orders-…)', () => {
    const [bucket] = resourcesOf(json, 'aws_s3_bucket');
    expect(bucket.bucket).toMatch(
      /^terraform-state-orders-\$\{data\.aws_caller_identity\.\w+\.account_id}-us-east-1$/,
    );
  });
});
