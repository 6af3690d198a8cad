import { execFileSync } from 'node:child_process';
import { createPrivateKey, KeyObject, randomUUID, sign } from 'node:crypto';
import { join } from 'node:path';
import { cognitoIssuer, IdentityLocations, LOCAL_REGION, ORDER_SCOPES } from '@app/aws-resources';
import { REPO_ROOT } from './repo-root';

/**
 * Service tokens for the emulator's user pools. moto issues a user's tokens (InitiateAuth,
 * `localUserToken`) but no client-credentials tokens: it has no /oauth2/token and ignores custom
 * scopes. A service token is therefore signed here with the private key moto itself signs with,
 * which it publishes in its package (moto/cognitoidp/resources/jwks-private.json.gz), so the
 * receiver verifies it against the emulator's JWKS exactly as it would verify Cognito's on AWS.
 * Only the emulator's tokens can be made this way: a real user pool's keys are Cognito's and never
 * leave it; on AWS a service asks the pool's /oauth2/token for a token with its client secret.
 */

/**
 * moto's signing key as PKCS#8 PEM. moto publishes it as a JWK with n, e and d only; Node needs
 * the primes too, which `cryptography` (installed with moto) recovers from n, e and d.
 */
const MOTO_KEY_AS_PEM = `
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc.util import base64_to_int
from moto.utilities.utils import load_resource
jwk = load_resource("cognitoidp/resources/jwks-private.json")
n, e, d = (base64_to_int(jwk[k]) for k in ("n", "e", "d"))
p, q = rsa.rsa_recover_prime_factors(n, e, d)
key = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q),
                            rsa.RSAPublicNumbers(e, n)).private_key()
print(jwk["kid"])
print(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption()).decode())
`;

let motoKey: { kid: string; key: KeyObject } | undefined;

/** moto's signing key and its `kid`, read once per process from the project's virtualenv (.venv). */
export function motoSigningKey(): { kid: string; key: KeyObject } {
  if (!motoKey) {
    const python = join(REPO_ROOT, '.venv', 'bin', 'python');
    const [kid, ...pem] = execFileSync(python, ['-c', MOTO_KEY_AS_PEM], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
      .trim()
      .split('\n');
    motoKey = { kid, key: createPrivateKey(pem.join('\n')) };
  }
  return motoKey;
}

/** A service token is valid this long, as Cognito's access tokens are by default. */
export const SERVICE_TOKEN_TTL_SECONDS = 3600;

/**
 * The claims of an access token as Cognito issues one to a service client (client credentials):
 * `sub` and `client_id` are the client, `scope` its granted scopes; no `username`, no groups.
 */
export function serviceTokenClaims(
  identity: Pick<IdentityLocations, 'userPoolId' | 'serviceClientId'>,
  scopes: readonly string[] = [ORDER_SCOPES.write, ORDER_SCOPES.read],
  now = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  return {
    iss: cognitoIssuer(LOCAL_REGION, identity.userPoolId),
    sub: identity.serviceClientId,
    client_id: identity.serviceClientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iat: now,
    exp: now + SERVICE_TOKEN_TTL_SECONDS,
    jti: randomUUID(),
  };
}

/**
 * A service client's access token for the emulator's pool at `identity`, signed RS256 with moto's
 * key (`serviceTokenClaims`): what `npm run token -- service` prints and the bench sends.
 */
export function emulatorServiceToken(
  identity: Pick<IdentityLocations, 'userPoolId' | 'serviceClientId'>,
  scopes?: readonly string[],
): string {
  return signedJwt(serviceTokenClaims(identity, scopes));
}

/**
 * A JWT of `claims` signed RS256 with `key` (default: moto's), its header `{ alg, kid }` of moto's
 * key with `header`'s fields over it: the specs change either to forge a token.
 */
export function signedJwt(
  claims: Record<string, unknown>,
  options: { readonly header?: Record<string, unknown>; readonly key?: KeyObject } = {},
): string {
  const moto = motoSigningKey();
  const signed = `${jwtPart({ alg: 'RS256', kid: moto.kid, ...options.header })}.${jwtPart(claims)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), options.key ?? moto.key).toString('base64url')}`;
}

/** One part of a compact JWT: `value` as base64url JSON. */
export function jwtPart(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The payload of a JWT, unverified: for showing a token's subject and expiry, never for trusting it. */
export function tokenClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
