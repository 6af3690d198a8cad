import { types } from 'node:util';
import { isThrottling } from './aws-errors';
import { SLOT_WAIT_TIMEOUT } from './slot-wait-timeout.error';

/** Failures before a byte of the request left: no connection was made (refused, no address). */
const NOTHING_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A throttling code that does not say the call was turned away: the transaction of that client
 * token is still running, and the call may yet take effect through it.
 */
const NOT_A_REFUSAL = new Set(['TransactionInProgressException']);

/** The verdict over every attempt of one SDK call, kept on the error the call ends with. */
const EVERY_ATTEMPT_NOT_APPLIED = Symbol('everyAttemptNotApplied');

type SdkError = Error & {
  code?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  [EVERY_ATTEMPT_NOT_APPLIED]?: boolean;
};

/** Whether this one attempt provably never took effect at the service. */
function attemptNotApplied(error: SdkError): boolean {
  if (error.name === SLOT_WAIT_TIMEOUT) return true;
  // sqs-consumer passes Node's code on as the error's name.
  if (NOTHING_SENT_CODES.has(error.name) || NOTHING_SENT_CODES.has(String(error.code))) return true;
  const status = error.$metadata?.httpStatusCode;
  // The service answered that it turned the call away. A 5xx proves nothing, whatever its code.
  return (
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    isThrottling(error) &&
    !NOT_A_REFUSAL.has(error.name)
  );
}

/**
 * True when the failed call provably never took effect at the service: each of its attempts was
 * throttled (a 4xx throttling answer), found no connection (refused, no DNS answer), or was given
 * up before it was sent (SlotWaitTimeoutError). False for anything that may have reached the
 * service (a timeout, a reset, a 5xx, an unknown error): a caller may tell a client "not accepted"
 * only when this is true.
 *
 * The SDK retries a call and throws only its last attempt's error; a client given to
 * trackNotApplied records the verdict over all of them. Without that record, a call of more than
 * one attempt proves nothing.
 */
export function certainlyNotApplied(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const sdkError = error as SdkError;
  const recorded = sdkError[EVERY_ATTEMPT_NOT_APPLIED];
  if (recorded !== undefined) return recorded;
  if ((sdkError.$metadata?.attempts ?? 1) > 1) return false;
  return attemptNotApplied(sdkError);
}

/** The part of an SDK v3 middleware the tracker uses (structurally @smithy/types'). */
type AttemptHandler<R> = (args: { input: object }) => Promise<R>;
type AttemptMiddleware = <R>(next: AttemptHandler<R>) => AttemptHandler<R>;

/** A client whose middleware stack can take a middleware inside the SDK's retries (every SDK v3 client). */
interface TrackableClient {
  readonly middlewareStack: {
    addRelativeTo(
      middleware: AttemptMiddleware,
      options: { relation: 'after'; toMiddleware: string; name: string },
    ): void;
  };
}

/**
 * Adds to `client` a middleware inside the SDK's retry loop that sees every attempt's error and
 * leaves on each the verdict over the call's attempts so far, which certainlyNotApplied reads
 * from the error the call ends with (a DynamoDBDocumentClient built on it shares it).
 */
export function trackNotApplied<C extends TrackableClient>(client: C): C {
  // Keyed by the call's input, the one object every attempt of a call carries and no other call
  // does: a client with cacheMiddleware shares its handler context between concurrent calls.
  // Were two calls to share an input, their verdicts would only combine into a false, never a
  // false true.
  const verdicts = new WeakMap<object, boolean>();
  // No async wrapper: a call that succeeds costs one extra promise, not a second async frame.
  const middleware: AttemptMiddleware = (next) => (args) =>
    next(args).catch((thrown: unknown) => {
      const error = sameRealm(thrown);
      if (error instanceof Error) {
        const verdict = (verdicts.get(args.input) ?? true) && attemptNotApplied(error);
        verdicts.set(args.input, verdict);
        Object.defineProperty(error, EVERY_ATTEMPT_NOT_APPLIED, { value: verdict, configurable: true });
      }
      throw error;
    });

  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'notAppliedTracker',
  });
  return client;
}

/**
 * An Error made in another realm as one of this realm: Node's own errors (a refused connection)
 * are not `instanceof Error` inside a Jest sandbox, where the SDK's retry would replace one with
 * a message-only wrapper that has lost its code; in-process tests would then classify the
 * network failure differently from the deployed app.
 */
function sameRealm(error: unknown): unknown {
  if (error instanceof Error || !types.isNativeError(error)) return error;
  return Object.assign(new Error(error.message), error, { name: error.name, stack: error.stack });
}
