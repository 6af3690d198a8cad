import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  JwksValidationError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import {
  cognitoIssuer,
  JWKS_REFETCH_MIN_INTERVAL_SECONDS,
  ORDERS_ADMIN_GROUP,
  TOKEN_CLOCK_TOLERANCE_SECONDS,
} from '@app/aws-resources';
import type { ReceiverConfig } from '@app/config';
import { BearerChallengeException } from './bearer-challenge.exception';
import type { Caller } from './caller';
import { JwksFetcher, SigningKeysUnavailableError } from './jwks.fetcher';

/** Cognito signs its tokens with RS256 only; anything else (`none` above all) is refused unread. */
const SIGNING_ALGORITHM = 'RS256';

type TokenVerifierConfig = Pick<
  ReceiverConfig,
  | 'AWS_REGION'
  | 'COGNITO_USER_POOL_ID'
  | 'COGNITO_CUSTOMER_CLIENT_ID'
  | 'COGNITO_SERVICE_CLIENT_IDS'
  | 'COGNITO_JWKS_URL'
>;

/**
 * Verifies a Cognito access token and says who it speaks for: signature (keys cached, fetched
 * again at most once per JWKS_REFETCH_MIN_INTERVAL_SECONDS for an unknown kid), exp and nbf within
 * TOKEN_CLOCK_TOLERANCE_SECONDS, the issuer (the pool in AWS_REGION), token_use access, and a
 * client id that is the customers' or a service client. A rejected token is a
 * BearerChallengeException (401) saying what is wrong; keys that cannot be fetched a
 * SigningKeysUnavailableError (503).
 */
export class TokenVerifier {
  private readonly issuer: string;
  private readonly customerClientId: string;
  private readonly verifier;

  constructor(config: TokenVerifierConfig) {
    const { COGNITO_USER_POOL_ID: userPoolId, COGNITO_CUSTOMER_CLIENT_ID: customerClientId } = config;
    if (!userPoolId || !customerClientId) {
      throw new Error('COGNITO_USER_POOL_ID and COGNITO_CUSTOMER_CLIENT_ID are required to verify tokens');
    }
    this.issuer = cognitoIssuer(config.AWS_REGION, userPoolId);
    this.customerClientId = customerClientId;
    this.verifier = CognitoJwtVerifier.create(
      {
        userPoolId,
        tokenUse: 'access',
        clientId: [customerClientId, ...config.COGNITO_SERVICE_CLIENT_IDS],
        graceSeconds: TOKEN_CLOCK_TOLERANCE_SECONDS,
      },
      {
        jwksCache: new SimpleJwksCache({
          fetcher: new JwksFetcher(config.COGNITO_JWKS_URL),
          penaltyBox: new SimplePenaltyBox({ waitSeconds: JWKS_REFETCH_MIN_INTERVAL_SECONDS }),
        }),
      },
    );
  }

  /** The caller `token` speaks for; throws a BearerChallengeException or SigningKeysUnavailableError. */
  async callerOf(token: string): Promise<Caller> {
    this.precheck(token);
    let payload: Awaited<ReturnType<typeof this.verifier.verify>>;
    try {
      payload = await this.verifier.verify(token);
    } catch (error) {
      throw this.rejection(error);
    }
    if (payload.client_id === this.customerClientId) {
      const groups = payload['cognito:groups'] ?? [];
      return { kind: 'customer', customerId: payload.sub, admin: groups.includes(ORDERS_ADMIN_GROUP) };
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    return { kind: 'service', clientId: payload.client_id as string, scopes };
  }

  /**
   * What can be refused without keys: a token that does not parse, is not RS256 or names another
   * issuer never costs a key fetch. Refusing unverified claims is safe; only accepting needs the signature.
   */
  private precheck(token: string): void {
    const algorithm = algorithmOf(token);
    if (algorithm === null) throw BearerChallengeException.invalidToken('it is not a well-formed JWT');
    if (algorithm !== SIGNING_ALGORITHM) {
      throw BearerChallengeException.invalidToken(`it must be signed with ${SIGNING_ALGORITHM}`);
    }
    let decomposed: ReturnType<typeof decomposeUnverifiedJwt>;
    try {
      decomposed = decomposeUnverifiedJwt(token);
    } catch {
      throw BearerChallengeException.invalidToken('it is not a well-formed JWT');
    }
    if (decomposed.payload.iss !== this.issuer) {
      throw BearerChallengeException.invalidToken("it was not issued by this API's user pool (iss)");
    }
  }

  private rejection(error: unknown): Error {
    if (error instanceof SigningKeysUnavailableError) return error;
    if (error instanceof JwksValidationError) return new SigningKeysUnavailableError(error.message);
    return BearerChallengeException.invalidToken(reasonOf(error));
  }
}

/** The `alg` of a token's header (read first, so that `none` is named as such); null if the header is not JSON. */
function algorithmOf(token: string): unknown {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as { alg?: unknown }).alg : null;
  } catch {
    return null;
  }
}

/** What is wrong with a token, in words that never repeat the token. */
function reasonOf(error: unknown): string {
  if (error instanceof JwtExpiredError) return 'it has expired (exp)';
  if (error instanceof JwtNotBeforeError) return 'it is not valid yet (nbf)';
  if (error instanceof JwtInvalidIssuerError) return "it was not issued by this API's user pool (iss)";
  if (error instanceof CognitoJwtInvalidTokenUseError) return 'it is not an access token (token_use)';
  if (error instanceof CognitoJwtInvalidClientIdError)
    return 'it was issued to an app client this API does not accept (client_id)';
  if (error instanceof JwtInvalidSignatureAlgorithmError)
    return `it must be signed with ${SIGNING_ALGORITHM}`;
  if (error instanceof JwtInvalidSignatureError) return 'its signature does not verify';
  if (error instanceof JwtWithoutValidKidError) return 'its header names no signing key (kid)';
  if (error instanceof KidNotFoundInJwksError || error instanceof WaitPeriodNotYetEndedJwkError) {
    return 'it is signed with a key the user pool does not publish (kid)';
  }
  if (error instanceof JwtParseError) return 'it is not a well-formed JWT';
  return 'it could not be verified';
}
