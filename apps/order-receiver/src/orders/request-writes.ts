import { DependencyRejectedError, DependencyUnavailableError, OrderOutcome } from '@app/domain';
import type { RetryPolicy } from '@app/processing';

/**
 * Whether a failed dependency call provably took no effect: refused outright, or an outage
 * known to have stopped it before the service acted on it (see DependencyUnavailableError.notApplied).
 */
export function provablyNotApplied(error: unknown): boolean {
  return (
    error instanceof DependencyRejectedError ||
    (error instanceof DependencyUnavailableError && error.notApplied)
  );
}

/**
 * The storage calls of one request, watched so that its answer can say what it knows: as long as
 * every call failed without effect, nothing of the order was stored.
 */
export class RequestWrites {
  private anyApplied = false;

  /** What a failed request may say of its order: `unknown` once any call may have taken effect. */
  get outcome(): OrderOutcome {
    return this.anyApplied ? 'unknown' : 'not-accepted';
  }

  /** The policy, with each attempt it makes watched. */
  watch(policy: RetryPolicy): RetryPolicy {
    return (call) =>
      policy(() =>
        call().then(
          (value) => {
            this.anyApplied = true;
            return value;
          },
          (error: unknown) => {
            if (!provablyNotApplied(error)) this.anyApplied = true;
            throw error;
          },
        ),
      );
  }
}
