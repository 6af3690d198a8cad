import { createPublicKey, verify } from 'node:crypto';
import { cognitoIssuer, LOCAL_REGION, ORDER_SCOPES } from '@app/aws-resources';
import { emulatorServiceToken, motoSigningKey, tokenClaims } from './service-token';

const identity = { userPoolId: 'us-east-1_pool', serviceClientId: 'service-client' };

describe(emulatorServiceToken.name, () => {
  it("is an RS256 JWT under moto's kid, signed with moto's key", () => {
    const sut = emulatorServiceToken(identity);
    const [header, payload, signature] = sut.split('.');
    const { kid, key } = motoSigningKey();
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', kid });
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        createPublicKey(key),
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });

  it("carries a client-credentials access token's claims: the client as subject, the scopes, an hour", () => {
    const claims = tokenClaims(emulatorServiceToken(identity, [ORDER_SCOPES.write]));
    expect(claims).toMatchObject({
      iss: cognitoIssuer(LOCAL_REGION, identity.userPoolId),
      sub: identity.serviceClientId,
      client_id: identity.serviceClientId,
      token_use: 'access',
      scope: ORDER_SCOPES.write,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(claims).not.toHaveProperty('username');
  });
});
