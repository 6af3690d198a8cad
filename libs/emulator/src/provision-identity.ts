import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  IdentityLocations,
  identityNames,
  ORDER_SCOPE_DECLARATIONS,
  ORDER_SCOPES,
  ORDERS_ADMIN_GROUP,
  ORDERS_RESOURCE_SERVER,
} from '@app/aws-resources';

/**
 * The users `npm run local` and the specs sign in as: two customers (to show that neither reads
 * the other's orders) and an admin (group orders-admin, reads any order). Emulator only: the
 * password is as public as the emulator's `test` keys, and no deployed pool has these users.
 */
export const LOCAL_USERS = {
  demo: { username: 'demo', admin: false },
  other: { username: 'other', admin: false },
  admin: { username: 'admin', admin: true },
} as const;
export type LocalUser = keyof typeof LOCAL_USERS;
export const LOCAL_USER_PASSWORD = 'Emulator-only-1';

/**
 * Creates (or finds) an environment's user pool on the emulator as infra/ creates it on AWS: the
 * resource server with the `orders/*` scopes, the customers' and the services' app clients, the
 * admin group and the local users. Idempotent.
 *
 * moto keeps the resource server and the clients' scopes but issues no client-credentials tokens
 * (no /oauth2/token): service tokens are signed with moto's published key instead
 * (`emulatorServiceToken`, service-token.ts).
 */
export async function provisionIdentity(
  environment: string,
  cognito: CognitoIdentityProviderClient,
  emulatorEndpoint: string,
): Promise<IdentityLocations> {
  const names = identityNames(environment);
  const userPoolId = await ensureUserPool(cognito, names.userPool);
  const existing = await clientsByName(cognito, userPoolId);
  const customerClientId =
    existing.get(names.customerClient) ??
    (await createClient(cognito, userPoolId, names.customerClient, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
  const serviceClientId =
    existing.get(names.serviceClient) ??
    (await createClient(cognito, userPoolId, names.serviceClient, {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Object.values(ORDER_SCOPES),
    }));
  for (const user of Object.values(LOCAL_USERS)) await ensureUser(cognito, userPoolId, user);
  return { userPoolId, customerClientId, serviceClientId, jwksUrl: jwksUrlOf(emulatorEndpoint, userPoolId) };
}

/**
 * The environment's user pool on the emulator as provisionIdentity made it, or undefined when it
 * has none: looks, never creates. A token from a pool the receiver was not started with would
 * only ever be refused.
 */
export async function findIdentity(
  environment: string,
  cognito: CognitoIdentityProviderClient,
  emulatorEndpoint: string,
): Promise<IdentityLocations | undefined> {
  const names = identityNames(environment);
  const userPoolId = await findUserPool(cognito, names.userPool);
  if (!userPoolId) return undefined;
  const clients = await clientsByName(cognito, userPoolId);
  const customerClientId = clients.get(names.customerClient);
  const serviceClientId = clients.get(names.serviceClient);
  if (!customerClientId || !serviceClientId) return undefined;
  return { userPoolId, customerClientId, serviceClientId, jwksUrl: jwksUrlOf(emulatorEndpoint, userPoolId) };
}

function jwksUrlOf(emulatorEndpoint: string, userPoolId: string): string {
  return `${emulatorEndpoint.replace(/\/+$/, '')}/${userPoolId}/.well-known/jwks.json`;
}

async function findUserPool(
  cognito: CognitoIdentityProviderClient,
  name: string,
): Promise<string | undefined> {
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  return UserPools.find((pool) => pool.Name === name)?.Id;
}

async function ensureUserPool(cognito: CognitoIdentityProviderClient, name: string): Promise<string> {
  const found = await findUserPool(cognito, name);
  if (found) return found;
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: name }));
  const userPoolId = UserPool!.Id!;
  await cognito.send(
    new CreateResourceServerCommand({
      UserPoolId: userPoolId,
      Identifier: ORDERS_RESOURCE_SERVER,
      Name: 'Order API',
      Scopes: ORDER_SCOPE_DECLARATIONS.map(({ name, description }) => ({
        ScopeName: name,
        ScopeDescription: description,
      })),
    }),
  );
  await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: ORDERS_ADMIN_GROUP }));
  return userPoolId;
}

async function clientsByName(cognito: CognitoIdentityProviderClient, userPoolId: string) {
  const { UserPoolClients = [] } = await cognito.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  return new Map(UserPoolClients.map((client) => [client.ClientName!, client.ClientId!]));
}

async function createClient(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  name: string,
  settings: Omit<ConstructorParameters<typeof CreateUserPoolClientCommand>[0], 'UserPoolId' | 'ClientName'>,
): Promise<string> {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: name, ...settings }),
  );
  return UserPoolClient!.ClientId!;
}

async function ensureUser(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  user: (typeof LOCAL_USERS)[LocalUser],
): Promise<void> {
  const exists = await cognito
    .send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username }))
    .then(
      () => true,
      (e: unknown) => {
        if (e instanceof Error && e.name === 'UserNotFoundException') return false;
        throw e;
      },
    );
  if (exists) return;
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      MessageAction: 'SUPPRESS',
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      Password: LOCAL_USER_PASSWORD,
      Permanent: true,
    }),
  );
  if (user.admin) {
    await cognito.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        GroupName: ORDERS_ADMIN_GROUP,
      }),
    );
  }
}
