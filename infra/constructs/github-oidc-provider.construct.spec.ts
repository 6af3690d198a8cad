import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { synthJson } from '../testing/fixtures';
import { GithubOidcProviderConstruct } from './github-oidc-provider.construct';

describe(GithubOidcProviderConstruct.name, () => {
  it("trusts GitHub Actions' issuer for the STS audience only", () => {
    const { synth } = synthJson((scope) => {
      new GithubOidcProviderConstruct(scope, 'sut');
    });
    expect(synth).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });
});
