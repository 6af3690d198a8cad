import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { IdentityLocations } from '@app/aws-resources';
import { LOCAL_USER_PASSWORD, LOCAL_USERS, LocalUser } from './provision-identity';

/** A local user's access token, from the emulator's InitiateAuth as a customer app would sign in. */
export async function localUserToken(
  cognito: CognitoIdentityProviderClient,
  identity: Pick<IdentityLocations, 'customerClientId'>,
  user: LocalUser,
): Promise<string> {
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: identity.customerClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: LOCAL_USERS[user].username, PASSWORD: LOCAL_USER_PASSWORD },
    }),
  );
  return AuthenticationResult!.AccessToken!;
}
