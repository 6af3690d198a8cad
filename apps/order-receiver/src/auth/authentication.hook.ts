import { ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { OPEN_ROUTES } from '../http/open-routes';
import { pathOf } from '../http/url-path';
import { BearerChallengeException } from './bearer-challenge.exception';
import { UNRESTRICTED_CALLER } from './caller';
import { setCaller } from './caller.decorator';
import { SigningKeysUnavailableError } from './jwks.fetcher';
import { hasSignature, StatusUrlSigner } from './status-url.signer';
import type { TokenVerifier } from './token.verifier';

/** Retry-After of a 503 while the signing keys cannot be fetched. */
const KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * Establishes the caller of every route but the open ones, before any body is read: a signed
 * status URL (its query) or a bearer access token. Without either, or with one that is not
 * accepted, the answer is 401 with a WWW-Authenticate challenge; while the signing keys cannot
 * be fetched, 503 with Retry-After. Unknown paths are refused too, so that a new route is never
 * open by mistake.
 */
export function authenticate(verifier: TokenVerifier, signer: StatusUrlSigner): onRequestAsyncHookHandler {
  return async function authenticationHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const path = pathOf(request.url);
    if (OPEN_ROUTES.test(path)) return;
    if (hasSignature(request.query)) {
      setCaller(request, signer.callerOf(request.method, path, request.query));
      return;
    }
    try {
      setCaller(request, await verifier.callerOf(bearerTokenOf(request)));
    } catch (error) {
      if (!(error instanceof SigningKeysUnavailableError)) throw error;
      request.log.warn({ msg: 'access token signing keys unavailable', error: error.message });
      reply.header('Retry-After', String(KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS));
      throw new ServiceUnavailableException(
        'The keys that verify access tokens cannot be fetched from the identity provider; retry after Retry-After seconds',
      );
    }
  };
}

/** With AUTH_DISABLED=true: every request acts as an unrestricted caller. */
export async function actAsUnrestrictedCaller(request: FastifyRequest): Promise<void> {
  setCaller(request, UNRESTRICTED_CALLER);
}

/** The token of `Authorization: Bearer <token>` (scheme case-insensitive, RFC 7235). */
function bearerTokenOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') throw BearerChallengeException.missingToken();
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match)
    throw BearerChallengeException.invalidToken('the Authorization header must be `Bearer <token>`');
  return match[1];
}
