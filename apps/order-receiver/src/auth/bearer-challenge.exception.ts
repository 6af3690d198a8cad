import { HttpException, HttpStatus } from '@nestjs/common';

/** The protection space named in every challenge. */
const REALM = 'orders';

/**
 * A 401 or 403 that tells the client how to authenticate, as RFC 6750 section 3 asks: the
 * HttpExceptionFilter sends `wwwAuthenticate` as the WWW-Authenticate header.
 */
export class BearerChallengeException extends HttpException {
  private constructor(
    status: HttpStatus,
    message: string,
    readonly wwwAuthenticate: string,
  ) {
    super(message, status);
  }

  /** No credentials at all: the challenge names only the scheme and realm. */
  static missingToken(): BearerChallengeException {
    return new BearerChallengeException(
      HttpStatus.UNAUTHORIZED,
      'Authentication required: send an access token as `Authorization: Bearer <token>`',
      `Bearer realm="${REALM}"`,
    );
  }

  /** A token (or a signed URL) was sent and is not accepted; `reason` must not contain the token. */
  static invalidToken(reason: string): BearerChallengeException {
    return new BearerChallengeException(
      HttpStatus.UNAUTHORIZED,
      `Invalid access token: ${reason}`,
      `Bearer realm="${REALM}", error="invalid_token", error_description="${quotable(reason)}"`,
    );
  }

  /** A valid token without the scope the route needs. */
  static insufficientScope(scope: string): BearerChallengeException {
    return new BearerChallengeException(
      HttpStatus.FORBIDDEN,
      `The access token lacks the scope ${scope} that this request needs`,
      `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`,
    );
  }
}

/** RFC 6750 error_description: printable ASCII without `"` or `\`. */
function quotable(text: string): string {
  return text.replace(/[^\x20-\x7E]|["\\]/g, "'");
}
