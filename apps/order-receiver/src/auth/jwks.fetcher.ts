import type { Fetcher } from 'aws-jwt-verify/https';
import { signingKeyFetchesTotal } from '@app/observability';

/** How long one fetch of the signing keys may take before the request it serves answers 503. */
const JWKS_FETCH_TIMEOUT_MS = 3000;

/** The issuer's signing keys could not be fetched: an outage (503), not the caller's fault. */
export class SigningKeysUnavailableError extends Error {
  constructor(reason: string) {
    super(`the signing keys could not be fetched: ${reason}`);
    this.name = 'SigningKeysUnavailableError';
  }
}

/**
 * Fetches the user pool's JWKS for aws-jwt-verify's cache: from `overrideUrl` when set (the
 * emulator's copy, over http://, which the library's own fetcher refuses), else from the URI the
 * verifier derives from the pool. Bounded in time; any failure is a SigningKeysUnavailableError.
 */
export class JwksFetcher implements Fetcher {
  constructor(
    private readonly overrideUrl: string | undefined,
    private readonly timeoutMs = JWKS_FETCH_TIMEOUT_MS,
  ) {}

  async fetch(uri: string): Promise<ArrayBuffer> {
    const url = this.overrideUrl ?? uri;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
    } catch (error) {
      signingKeyFetchesTotal.inc({ outcome: 'failed' });
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      throw new SigningKeysUnavailableError(cause instanceof Error ? cause.message : String(cause));
    }
    if (!response.ok) {
      signingKeyFetchesTotal.inc({ outcome: 'failed' });
      await response.body?.cancel();
      throw new SigningKeysUnavailableError(`the key server answered ${response.status}`);
    }
    signingKeyFetchesTotal.inc({ outcome: 'ok' });
    return response.arrayBuffer();
  }
}
