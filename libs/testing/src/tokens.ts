import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { importPKCS8, type JWTPayload, type KeyLike, SignJWT } from 'jose';
import { cognitoIssuer, IdentityLocations, LOCAL_REGION, ORDER_SCOPES } from '@app/aws-resources';
import { REPO_ROOT } from '@app/emulator';

/**
 * Tokens for the specs. moto issues a user's tokens (InitiateAuth, `localUserToken` of
 * @app/emulator) but no client-credentials tokens: it has no /oauth2/token. A service token is
 * therefore signed here with the private key moto itself signs with, which it publishes in its
 * package (moto/cognitoidp/resources/jwks-private.json.gz): the receiver verifies both kinds
 * against the emulator's JWKS exactly as it would verify Cognito's on AWS.
 */

/**
 * moto's signing key as PKCS#8 PEM. moto publishes it as a JWK with n, e and d only; Node and
 * jose need the primes too, which `cryptography` (installed with moto) recovers from n, e and d.
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

let motoKey: Promise<{ kid: string; key: KeyLike }> | undefined;

/** moto's signing key and its `kid`, read once per process from the project's virtualenv. */
export function motoSigningKey(): Promise<{ kid: string; key: KeyLike }> {
  motoKey ??= (async () => {
    const python = join(REPO_ROOT, '.venv', 'bin', 'python');
    const [kid, ...pem] = execFileSync(python, ['-c', MOTO_KEY_AS_PEM], { encoding: 'utf8' })
      .trim()
      .split('\n');
    return { kid, key: await importPKCS8(pem.join('\n'), 'RS256') };
  })();
  return motoKey;
}

export interface SignedTokenOptions {
  /** Claims to set or, with `undefined`, leave out: the defaults are a valid service token's. */
  readonly claims?: Record<string, unknown>;
  /** Header fields (default `{ alg: 'RS256', kid: <moto's> }`). */
  readonly header?: Record<string, unknown>;
  /** Another signing key (default: moto's). */
  readonly key?: KeyLike;
}

/**
 * An access token as Cognito issues one to a service client (client credentials): `sub` and
 * `client_id` are the client, `scope` its granted scopes. Valid for an hour unless `claims`
 * says otherwise.
 */
export async function signedServiceToken(
  identity: Pick<IdentityLocations, 'userPoolId' | 'serviceClientId'>,
  scopes: readonly string[] = [ORDER_SCOPES.write, ORDER_SCOPES.read],
  options: SignedTokenOptions = {},
): Promise<string> {
  const moto = await motoSigningKey();
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: cognitoIssuer(LOCAL_REGION, identity.userPoolId),
    sub: identity.serviceClientId,
    client_id: identity.serviceClientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    ...options.claims,
  };
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)) as JWTPayload;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: moto.kid, ...options.header } as never)
    .sign(options.key ?? moto.key);
}

/** A token with `alg: none` and no signature: what a forger sends. */
export function unsignedToken(payload: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

/** `token` with its payload replaced by `change(payload)` and the old signature kept. */
export function tamperedToken(token: string, change: (payload: Record<string, unknown>) => object): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${Buffer.from(JSON.stringify(change(decoded))).toString('base64url')}.${signature}`;
}
