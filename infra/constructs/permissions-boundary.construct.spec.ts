import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { synthJson, TEST_AWS } from '../testing/fixtures';
import { PermissionsBoundaryConstruct } from './permissions-boundary.construct';

describe(PermissionsBoundaryConstruct.name, () => {
  it("is the environment's named boundary, which never grants IAM, STS or Organizations", () => {
    const { synth, json } = synthJson((scope) => {
      new PermissionsBoundaryConstruct(scope, 'sut', { environment: 'prod', aws: TEST_AWS });
    });
    expect(synth).toHaveResourceWithProperties(IamPolicy, { name: 'orders-prod-permissions-boundary' });
    const [policy] = Object.values(json.resource!.aws_iam_policy) as { policy: string }[];
    const statements = (JSON.parse(policy.policy) as { Statement: { Effect: string; Action?: unknown }[] })
      .Statement;
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => [s.Action].flat());
    expect(denied).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*']));
  });

  it('rejects an invalid environment name', () => {
    expect(() =>
      synthJson((scope) => {
        new PermissionsBoundaryConstruct(scope, 'sut', { environment: 'Prod!', aws: TEST_AWS });
      }),
    ).toThrow(/Invalid environment/);
  });
});
