import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { assertValidEnvironment } from '@app/aws-resources';
import { isGithubRepository } from '../config/bootstrap-config';
import { PolicyStatement, policyDocument } from '../lib/iam-policy';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_ISSUER } from './github-oidc-provider.construct';

export interface DeployRoleProps {
  /** The GitHub environment, and the orders environment the role deploys, e.g. `prod`. */
  readonly environment: string;
  /** `owner/name` of the repository whose environment may assume the role. */
  readonly githubRepository: string;
  /** ARN of the account's GitHub OIDC provider (GithubOidcProviderConstruct). */
  readonly oidcProviderArn: string;
  /** What the role may do (deployRoleStatements in infra/lib/deploy-permissions.ts). */
  readonly statements: readonly PolicyStatement[];
}

/** The OIDC subject of a job that runs in a GitHub environment: the environment, not the branch. */
export function githubEnvironmentSubject(githubRepository: string, environment: string): string {
  return `repo:${githubRepository}:environment:${environment}`;
}

/** `github-deploy-orders-<env>`: outside every environment's `orders-<env>-*` role names. */
export function deployRoleName(environment: string): string {
  return `github-deploy-orders-${environment}`;
}

/**
 * The role one GitHub environment's jobs assume to deploy one orders environment. Its trust policy
 * admits exactly one OIDC subject, `repo:OWNER/NAME:environment:<env>`, with StringEquals on both
 * `sub` and `aud`: no wildcard, so neither another repository, nor a branch or pull request of this
 * one, nor another environment of it gets in. Whatever the environment's protection rules in GitHub
 * demand (required reviewers, branches allowed to deploy) is then what the role demands.
 */
export class DeployRoleConstruct extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: DeployRoleProps) {
    super(scope, id);
    const { environment, githubRepository, oidcProviderArn } = props;
    assertValidEnvironment(environment);
    if (!isGithubRepository(githubRepository)) {
      throw new Error(`DeployRoleConstruct: invalid repository "${githubRepository}" (owner/name)`);
    }
    if (props.statements.length === 0) throw new Error('DeployRoleConstruct: the role needs statements');

    this.role = new IamRole(this, 'role', {
      name: deployRoleName(environment),
      description: `GitHub Actions in ${githubRepository}, environment ${environment}: deploys orders-${environment}`,
      maxSessionDuration: 3600,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'GithubEnvironmentOnly',
            Effect: 'Allow',
            Principal: { Federated: oidcProviderArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
                [`${GITHUB_OIDC_ISSUER}:sub`]: githubEnvironmentSubject(githubRepository, environment),
              },
            },
          },
        ],
      }),
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      name: 'deploy',
      role: this.role.id,
      policy: policyDocument(props.statements),
    });
  }
}
