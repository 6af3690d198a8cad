import pLimit, { Limit } from 'p-limit';
import { NodeHttpHandler, NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { SlotWaitTimeoutError } from './slot-wait-timeout.error';

type HandleArgs = Parameters<NodeHttpHandler['handle']>;
type HandleResult = Awaited<ReturnType<NodeHttpHandler['handle']>>;

/**
 * The SDK's Node HTTP handler with at most `maxInFlight` calls on the wire at once; the others
 * wait here, in the app, before they are sent, each for at most `maxWaitMs`.
 *
 * Why not the agent's `maxSockets`: smithy starts a call's connection and request timers when it
 * creates the request, so a call queued in the agent for a free socket times out while it waits
 * (bounded-http-handler.spec.ts shows it). Here the timers start only once the call is sent.
 *
 * It matters where a dependency does its work one call at a time, as a local emulator does (moto
 * applies DynamoDB writes serially, ~35 ms of CPU per claim): there, 250 workers claiming at once
 * make every call wait for all the others and pass its timeout, and the retries pile on. Bounded,
 * each call waits only for the few ahead of it on the wire. On AWS the bound is never reached at
 * the default (DYNAMODB_MAX_IN_FLIGHT in the README).
 *
 * Why the wait has a deadline: when the dependency hangs, the calls on the wire free their slots
 * only as their timeouts pass (32 slots, a 3 s timeout: ~10 calls/s), and without a deadline the
 * queue grows without limit and its calls are applied long after their callers gave up. A call
 * that waited `maxWaitMs` is rejected unsent (SlotWaitTimeoutError: retryable, and provably not
 * applied), and its turn, when it comes, passes to the next call at once.
 */
export class BoundedHttpHandler extends NodeHttpHandler {
  private readonly limit: Limit;
  private waitingCalls = 0;

  constructor(
    options: NodeHttpHandlerOptions,
    maxInFlight: number,
    readonly maxWaitMs: number,
  ) {
    super(options);
    this.limit = pLimit(maxInFlight);
  }

  /** Calls waiting for their turn (sent calls and calls given up not counted). */
  get waiting(): number {
    return this.waitingCalls;
  }

  /** Calls on the wire now. */
  get inFlight(): number {
    return this.limit.activeCount;
  }

  // An aborted call still takes its turn, and NodeHttpHandler rejects it at once without sending.
  override handle(...args: HandleArgs): Promise<HandleResult> {
    return new Promise<HandleResult>((resolve, reject) => {
      let waiting = true;
      this.waitingCalls++;
      const deadline = setTimeout(() => {
        waiting = false;
        this.waitingCalls--;
        reject(new SlotWaitTimeoutError(this.maxWaitMs));
      }, this.maxWaitMs);
      void this.limit(() => {
        // Given up: its turn ends at once, so that p-limit starts the next call.
        if (!waiting) return Promise.resolve();
        waiting = false;
        this.waitingCalls--;
        clearTimeout(deadline);
        // Settles when the call does, and never rejects: the caller gets the outcome, not p-limit.
        return super.handle(...args).then(resolve, reject);
      });
    });
  }
}
