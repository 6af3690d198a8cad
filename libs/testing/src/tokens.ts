import { type JWTPayload, type KeyLike, SignJWT } from 'jose';
import { IdentityLocations, ORDER_SCOPES } from '@app/aws-resources';
import { motoSigningKey, serviceTokenClaims, tokenClaims } from '@app/emulator';

/**
 * Tokens for the specs, valid or forged. A valid service token is signed with the private key moto
 * itself signs with (`motoSigningKey`, `serviceTokenClaims` of @app/emulator, which says why);
 * these helpers add what only the specs need: claims, header or key changed.
 */

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
  const moto = motoSigningKey();
  const claims = { ...serviceTokenClaims(identity, scopes), ...options.claims };
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
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(change(tokenClaims(token)))).toString('base64url')}.${signature}`;
}
