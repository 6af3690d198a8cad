import { CognitoResourceServer } from '@cdktf/provider-aws/lib/cognito-resource-server';
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { identityNames, ORDER_SCOPES, ORDERS_ADMIN_GROUP, ORDERS_RESOURCE_SERVER } from '@app/aws-resources';
import { onlyResource, resourcesOf, synthJson } from '../testing/fixtures';
import { IdentityConstruct, IdentityProps } from './identity.construct';

describe(IdentityConstruct.name, () => {
  const names = identityNames('dev');
  const props: IdentityProps = {
    names,
    domainPrefix: 'orders-dev-123456789012',
    region: 'eu-west-1',
    protectData: false,
    selfSignUp: false,
    accessTokenMinutes: 60,
  };
  let sut: IdentityConstruct | undefined;
  const build = (overrides: Partial<IdentityProps> = {}) =>
    synthJson((scope) => {
      sut = new IdentityConstruct(scope, 'sut', { ...props, ...overrides });
    });
  const client = (json: ReturnType<typeof build>['json'], name: string) =>
    resourcesOf(json, 'aws_cognito_user_pool_client').find((body) => body.name === name)!;

  it('signs users in by email, without self sign-up, with a password policy and optional TOTP MFA', () => {
    expect(build().synth).toHaveResourceWithProperties(CognitoUserPool, {
      name: names.userPool,
      username_attributes: ['email'],
      auto_verified_attributes: ['email'],
      admin_create_user_config: { allow_admin_create_user_only: true },
      password_policy: expect.objectContaining({ minimum_length: 12, require_numbers: true }),
      mfa_configuration: 'OPTIONAL',
      software_token_mfa_configuration: { enabled: true },
    });
  });

  it('stays on the Essentials plan without threat protection, which is billed per MAU without a free tier', () => {
    expect(build().synth).toHaveResourceWithProperties(CognitoUserPool, {
      user_pool_tier: 'ESSENTIALS',
      user_pool_add_ons: { advanced_security_mode: 'OFF' },
    });
  });

  it('protects the pool from deletion like the table when data is protected', () => {
    expect(onlyResource(build({ protectData: true }).json, 'aws_cognito_user_pool')).toMatchObject({
      deletion_protection: 'ACTIVE',
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(build().json, 'aws_cognito_user_pool')).toMatchObject({
      deletion_protection: 'INACTIVE',
      lifecycle: { prevent_destroy: false },
    });
  });

  it('allows self sign-up only when asked to', () => {
    expect(build({ selfSignUp: true }).synth).toHaveResourceWithProperties(CognitoUserPool, {
      admin_create_user_config: { allow_admin_create_user_only: false },
    });
  });

  it('declares the orders resource server with exactly the scopes of ORDER_SCOPES', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(CognitoResourceServer, { identifier: ORDERS_RESOURCE_SERVER });
    const scopes = (onlyResource(json, 'aws_cognito_resource_server').scope as { scope_name: string }[]).map(
      (scope) => `${ORDERS_RESOURCE_SERVER}/${scope.scope_name}`,
    );
    expect(scopes.sort()).toEqual(Object.values(ORDER_SCOPES).sort());
    expect(scopes.sort()).toEqual(['orders/read', 'orders/write']);
  });

  it('gives customers a public client with SRP sign-in and refresh, short tokens and no user enumeration', () => {
    const customer = client(build().json, names.customerClient);
    expect(customer).toMatchObject({
      generate_secret: false,
      access_token_validity: 60,
      token_validity_units: [expect.objectContaining({ access_token: 'minutes' })],
      prevent_user_existence_errors: 'ENABLED',
      enable_token_revocation: true,
    });
    expect(customer.explicit_auth_flows).toEqual(
      expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    );
    // A public client must not offer a grant that hands out tokens for its id alone.
    expect(customer.allowed_oauth_flows).toBeUndefined();
    expect(customer.explicit_auth_flows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('gives services a client with a secret, only the client-credentials grant and the orders scopes', () => {
    const service = client(build().json, names.serviceClient);
    expect(service).toMatchObject({
      generate_secret: true,
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_flows: ['client_credentials'],
      access_token_validity: 60,
      prevent_user_existence_errors: 'ENABLED',
    });
    expect([...(service.allowed_oauth_scopes as string[])].sort()).toEqual(
      [ORDER_SCOPES.read, ORDER_SCOPES.write].sort(),
    );
    expect(service.explicit_auth_flows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    // Terraform creates the scopes before a client may name them.
    expect(service.depends_on).toEqual([
      expect.stringMatching(/^aws_cognito_resource_server\.sut_resource-server_/),
    ]);
  });

  it('creates the admin group and the domain that serves /oauth2/token', () => {
    const { synth } = build();
    expect(synth).toHaveResourceWithProperties(CognitoUserGroup, { name: ORDERS_ADMIN_GROUP });
    expect(synth).toHaveResourceWithProperties(CognitoUserPoolDomain, {
      domain: 'orders-dev-123456789012',
      managed_login_version: 1,
    });
    expect(sut!.tokenUrl).toMatch(/^https:\/\/\S+\.auth\.eu-west-1\.amazoncognito\.com\/oauth2\/token$/);
  });

  it('rejects a domain prefix Cognito refuses and a token lifetime out of range', () => {
    expect(() => build({ domainPrefix: 'Orders_Dev' })).toThrow(/domain prefix/);
    expect(() => build({ domainPrefix: 'orders-cognito' })).toThrow(/cognito/);
    expect(() => build({ domainPrefix: '-orders' })).toThrow(/domain prefix/);
    expect(() => build({ accessTokenMinutes: 2 })).toThrow(/accessTokenMinutes/);
    expect(() => build({ accessTokenMinutes: 1441 })).toThrow(/accessTokenMinutes/);
  });
});
