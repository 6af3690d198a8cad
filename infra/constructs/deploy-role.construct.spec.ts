import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { onlyResource, synthJson } from '../testing/fixtures';
import { DeployRoleConstruct, DeployRoleProps, githubEnvironmentSubject } from './deploy-role.construct';

interface TrustPolicy {
  Statement: {
    Effect: string;
    Principal: { Federated: string };
    Action: string;
    Condition: Record<string, Record<string, unknown>>;
  }[];
}

describe(DeployRoleConstruct.name, () => {
  const providerArn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
  const props: DeployRoleProps = {
    environment: 'prod',
    githubRepository: 'acme/resilient-orders',
    oidcProviderArn: providerArn,
    statements: [{ sid: 'Example', actions: ['sqs:GetQueueUrl'], resources: ['*'] }],
  };
  const build = (overrides: Partial<DeployRoleProps> = {}) =>
    synthJson((scope) => {
      new DeployRoleConstruct(scope, 'sut', { ...props, ...overrides });
    });
  const trust = (overrides: Partial<DeployRoleProps> = {}): TrustPolicy =>
    JSON.parse(
      onlyResource(build(overrides).json, 'aws_iam_role').assume_role_policy as string,
    ) as TrustPolicy;

  it('lets only web identities of the GitHub OIDC provider assume it', () => {
    const [statement, ...others] = trust().Statement;
    expect(others).toEqual([]);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
    });
  });

  it('requires the audience sts.amazonaws.com, exactly', () => {
    const [{ Condition }] = trust().Statement;
    expect(Condition.StringEquals['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
  });

  it("requires exactly the repository's environment as subject: StringEquals, no wildcard, no other operator", () => {
    const [{ Condition }] = trust().Statement;
    expect(Object.keys(Condition)).toEqual(['StringEquals']);
    expect(Condition.StringEquals).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': 'repo:acme/resilient-orders:environment:prod',
    });
    expect(JSON.stringify(Condition)).not.toMatch(/[*?]/);
  });

  it('gives dev its own environment subject too, never a branch', () => {
    const [{ Condition }] = trust({ environment: 'dev' }).Statement;
    expect(Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      'repo:acme/resilient-orders:environment:dev',
    );
    expect(JSON.stringify(Condition)).not.toContain('ref:refs/heads');
  });

  it('is named after the environment, outside the stack roles it manages (orders-<env>-*)', () => {
    expect(build().synth).toHaveResourceWithProperties(IamRole, { name: 'github-deploy-orders-prod' });
  });

  it('builds the subject GitHub sends for a job in an environment', () => {
    expect(githubEnvironmentSubject('o/n', 'staging')).toBe('repo:o/n:environment:staging');
  });

  it.each(['acme/*', 'acme', '*/*', 'acme/orders:environment:prod'])(
    'refuses the repository "%s"',
    (repo) => {
      expect(() => build({ githubRepository: repo })).toThrow(/invalid repository/);
    },
  );

  it('refuses an invalid environment name', () => {
    expect(() => build({ environment: '*' })).toThrow(/Invalid environment name/);
  });
});
