import { createHmac, timingSafeEqual } from 'node:crypto';
import { BearerChallengeException } from './bearer-challenge.exception';
import type { StatusUrlCaller } from './caller';

/** The one path a signed status URL opens: `GET /customers/{customerId}/orders/{orderId}`. */
const STATUS_PATH = /^\/customers\/([^/]+)\/orders\/([^/]+)$/;

/** The query parameters of a signed URL. */
interface SignatureQuery {
  readonly expires?: unknown;
  readonly signature?: unknown;
}

/** Whether a request's query carries (any part of) a status URL signature. */
export function hasSignature(query: unknown): query is SignatureQuery {
  return typeof query === 'object' && query !== null && ('signature' in query || 'expires' in query);
}

/**
 * Signs and checks status URLs: `<path>?expires=<epoch seconds>&signature=<base64url>`, the
 * signature an HMAC-SHA256 under STATUS_URL_SIGNING_KEY of the method (GET), the path and the
 * expiry, valid STATUS_URL_TTL_SECONDS. Such a URL lets a browser read that one order without a
 * bearer token. Without a key nothing is signed and every signature is refused.
 */
export class StatusUrlSigner {
  constructor(
    private readonly key: string | undefined,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `path` signed for GET until TTL seconds from now; undefined without a key. */
  sign(path: string): string | undefined {
    if (this.key === undefined) return undefined;
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    return `${path}?expires=${expires}&signature=${this.mac(this.key, 'GET', path, String(expires))}`;
  }

  /**
   * The caller a signed `method` request on `path` speaks for: the one order the path names.
   * Throws a 401 BearerChallengeException for a missing, altered, expired or misplaced signature.
   */
  callerOf(method: string, path: string, query: SignatureQuery): StatusUrlCaller {
    if (this.key === undefined) {
      throw BearerChallengeException.invalidToken('signed status URLs are not enabled on this API');
    }
    const { expires, signature } = query;
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) {
      throw BearerChallengeException.invalidToken(
        'a signed URL needs one expires (epoch seconds) and one signature',
      );
    }
    const expected = Buffer.from(this.mac(this.key, method, path, expires), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw BearerChallengeException.invalidToken('the URL signature does not match this request');
    }
    if (Number(expires) * 1000 < this.now()) {
      throw BearerChallengeException.invalidToken('the signed URL has expired');
    }
    // Only ever true for a path this API signed: the MAC covers it.
    const match = STATUS_PATH.exec(path);
    if (!match) throw BearerChallengeException.invalidToken('the URL signature does not match this request');
    return {
      kind: 'status-url',
      customerId: decodeURIComponent(match[1]),
      orderId: decodeURIComponent(match[2]),
    };
  }

  private mac(key: string, method: string, path: string, expires: string): string {
    return createHmac('sha256', key).update(`${method}\n${path}\n${expires}`).digest('base64url');
  }
}
