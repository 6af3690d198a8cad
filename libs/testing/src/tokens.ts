import type { KeyObject } from 'node:crypto';
import { IdentityLocations, ORDER_SCOPES } from '@app/aws-resources';
import { jwtPart, serviceTokenClaims, signedJwt, tokenClaims } from '@app/emulator';

/**
 * Tokens for the specs, valid or forged. A valid service token is signed with the private key moto
 * itself signs with (`signedJwt`, `serviceTokenClaims` of @app/emulator, which says why);
 * these helpers add what only the specs need: claims, header or key changed.
 */

export interface SignedTokenOptions {
  /** Claims to set or, with `undefined`, leave out: the defaults are a valid service token's. */
  readonly claims?: Record<string, unknown>;
  /** Header fields (default `{ alg: 'RS256', kid: <moto's> }`). */
  readonly header?: Record<string, unknown>;
  /** Another signing key (default: moto's). */
  readonly key?: KeyObject;
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
  const claims = { ...serviceTokenClaims(identity, scopes), ...options.claims };
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return signedJwt(payload, options);
}

/** A token with `alg: none` and no signature: what a forger sends. */
export function unsignedToken(payload: Record<string, unknown>): string {
  return `${jwtPart({ alg: 'none', typ: 'JWT' })}.${jwtPart(payload)}.`;
}

/** `token` with its payload replaced by `change(payload)` and the old signature kept. */
export function tamperedToken(token: string, change: (payload: Record<string, unknown>) => object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${jwtPart(change(tokenClaims(token)))}.${signature}`;
}
