import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { CognitoResourceServer } from '@cdktf/provider-aws/lib/cognito-resource-server';
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import {
  IdentityNames,
  ORDER_SCOPE_DECLARATIONS,
  ORDER_SCOPES,
  ORDERS_ADMIN_GROUP,
  ORDERS_RESOURCE_SERVER,
} from '@app/aws-resources';

export interface IdentityProps {
  /** Pool and client names, from `identityNames(environment)` in `@app/aws-resources`. */
  readonly names: IdentityNames;
  /**
   * Prefix of the pool's domain `<prefix>.auth.<region>.amazoncognito.com`, which serves
   * `/oauth2/token`. Unique per region across all AWS accounts: 1-63 lowercase letters, digits and
   * hyphens, not starting or ending with a hyphen, never containing `aws`, `amazon` or `cognito`.
   */
  readonly domainPrefix: string;
  /** Region of the pool: the token URL names it. */
  readonly region: string;
  /**
   * Deletion protection (ACTIVE) and prevent_destroy on the pool: deleting it deletes every
   * user account. Same switch as the orders table's.
   */
  readonly protectData: boolean;
  /**
   * Whether anyone may create a customer account (SignUp). Off, only an administrator creates
   * users (`aws cognito-idp admin-create-user`), so a public deployment collects no strangers'
   * accounts, MAUs or verification emails.
   */
  readonly selfSignUp: boolean;
  /** Lifetime of access (and ID) tokens in minutes, 5-1440: how long a revoked user keeps access. */
  readonly accessTokenMinutes: number;
}

/**
 * Who may call the order API: a Cognito user pool (sign-in by email, optional TOTP MFA), its
 * resource server `orders` with the scopes of ORDER_SCOPES, the domain whose `/oauth2/token`
 * issues client-credentials tokens, an app client for customers (public, SRP sign-in), an app
 * client for back-end services (secret, client credentials, `orders/*` scopes) and the admin group.
 * Names, scopes and group come from `@app/aws-resources`, which the receiver and the local
 * provisioning read too.
 *
 * Threat protection (the former advanced security features) is off: it needs the Plus feature
 * plan, billed for every MAU with no free tier. The pool is on Essentials, the default plan.
 */
export class IdentityConstruct extends Construct {
  public readonly userPool: CognitoUserPool;
  public readonly resourceServer: CognitoResourceServer;
  public readonly domain: CognitoUserPoolDomain;
  public readonly customerClient: CognitoUserPoolClient;
  public readonly serviceClient: CognitoUserPoolClient;
  public readonly adminGroup: CognitoUserGroup;
  /** `https://<domain>.auth.<region>.amazoncognito.com/oauth2/token`: where services get tokens. */
  public readonly tokenUrl: string;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    validate(props);
    this.userPool = this.createUserPool(props);
    this.resourceServer = this.createResourceServer();
    this.domain = new CognitoUserPoolDomain(this, 'domain', {
      domain: props.domainPrefix,
      userPoolId: this.userPool.id,
      // The classic hosted UI: managed login (version 2) shows nothing without a branding style.
      managedLoginVersion: 1,
    });
    this.customerClient = this.createCustomerClient(props);
    this.serviceClient = this.createServiceClient(props);
    this.adminGroup = new CognitoUserGroup(this, 'admin-group', {
      userPoolId: this.userPool.id,
      name: ORDERS_ADMIN_GROUP,
      description: "Reads any customer's orders",
    });
    this.tokenUrl = `https://${this.domain.domain}.auth.${props.region}.amazoncognito.com/oauth2/token`;
  }

  private createUserPool(props: IdentityProps): CognitoUserPool {
    return new CognitoUserPool(this, 'user-pool', {
      name: props.names.userPool,
      userPoolTier: 'ESSENTIALS',
      userPoolAddOns: { advancedSecurityMode: 'OFF' },
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      usernameConfiguration: { caseSensitive: false },
      adminCreateUserConfig: { allowAdminCreateUserOnly: !props.selfSignUp },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 3,
      },
      // TOTP only: SMS would need an SNS role and costs per message.
      mfaConfiguration: 'OPTIONAL',
      softwareTokenMfaConfiguration: { enabled: true },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      // Cognito's own sender: 50 emails a day per account, enough for verification and resets here.
      emailConfiguration: { emailSendingAccount: 'COGNITO_DEFAULT' },
      deletionProtection: props.protectData ? 'ACTIVE' : 'INACTIVE',
      lifecycle: { preventDestroy: props.protectData },
    });
  }

  /** Identifier `orders`, one scope per entry of ORDER_SCOPES (`orders/write` → `write`). */
  private createResourceServer(): CognitoResourceServer {
    return new CognitoResourceServer(this, 'resource-server', {
      userPoolId: this.userPool.id,
      identifier: ORDERS_RESOURCE_SERVER,
      name: 'Order API',
      scope: ORDER_SCOPE_DECLARATIONS.map(({ name, description }) => ({
        scopeName: name,
        scopeDescription: description,
      })),
    });
  }

  /**
   * The customers' app: public (no secret), SRP sign-in and refresh tokens. ADMIN_USER_PASSWORD_AUTH
   * lets an operator with IAM credentials sign a user in from the CLI (`admin-initiate-auth`);
   * it is not callable without them.
   */
  private createCustomerClient(props: IdentityProps): CognitoUserPoolClient {
    return new CognitoUserPoolClient(this, 'customer-client', {
      name: props.names.customerClient,
      userPoolId: this.userPool.id,
      generateSecret: false,
      explicitAuthFlows: [
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      ],
      supportedIdentityProviders: ['COGNITO'],
      ...tokenValidity(props.accessTokenMinutes),
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
    });
  }

  /**
   * Back-end services: a secret and the client-credentials grant, limited to the `orders/*`
   * scopes. The scopes must exist first, so the client waits for the resource server.
   */
  private createServiceClient(props: IdentityProps): CognitoUserPoolClient {
    return new CognitoUserPoolClient(this, 'service-client', {
      name: props.names.serviceClient,
      userPoolId: this.userPool.id,
      generateSecret: true,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['client_credentials'],
      allowedOauthScopes: Object.values(ORDER_SCOPES),
      // Left empty, Cognito would enable the user sign-in flows on a client no user signs in to.
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      supportedIdentityProviders: ['COGNITO'],
      ...tokenValidity(props.accessTokenMinutes),
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      dependsOn: [this.resourceServer],
    });
  }
}

/** Access and ID tokens live `minutes`; refresh tokens 30 days. */
function tokenValidity(minutes: number) {
  return {
    accessTokenValidity: minutes,
    idTokenValidity: minutes,
    refreshTokenValidity: 30,
    tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' }],
  };
}

function validate(props: IdentityProps): void {
  const { domainPrefix, accessTokenMinutes } = props;
  // A prefix built from a data source (the account id) is only checked for its literal parts.
  if (!Token.isUnresolved(domainPrefix)) {
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix)) {
      throw new Error(`IdentityConstruct: invalid domain prefix "${domainPrefix}"`);
    }
  }
  const reserved = ['aws', 'amazon', 'cognito'].find((word) => domainPrefix.toLowerCase().includes(word));
  if (reserved) throw new Error(`IdentityConstruct: a domain prefix must not contain "${reserved}"`);
  if (!Number.isInteger(accessTokenMinutes) || accessTokenMinutes < 5 || accessTokenMinutes > 1440) {
    throw new Error(`IdentityConstruct: accessTokenMinutes must be 5-1440, got ${accessTokenMinutes}`);
  }
}
