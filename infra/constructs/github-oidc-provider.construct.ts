import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';

/** GitHub Actions' OIDC issuer, and the audience aws-actions/configure-aws-credentials asks for. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/**
 * The account's IAM OIDC identity provider for GitHub Actions, through which a workflow job
 * exchanges its short-lived token for a deploy role's credentials: no long-lived AWS key is stored
 * in GitHub. There is at most one provider per issuer URL in an account, so it lives in the
 * bootstrap stack, never in a per-environment one. No thumbprint: AWS verifies GitHub's issuer
 * through its own trusted certificate authorities, and the argument is optional.
 */
export class GithubOidcProviderConstruct extends Construct {
  public readonly provider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: `https://${GITHUB_OIDC_ISSUER}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
  }
}
