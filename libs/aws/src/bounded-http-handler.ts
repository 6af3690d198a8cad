import pLimit, { Limit } from 'p-limit';
import { NodeHttpHandler, NodeHttpHandlerOptions } from '@smithy/node-http-handler';

type HandleArgs = Parameters<NodeHttpHandler['handle']>;

/**
 * The SDK's Node HTTP handler with at most `maxInFlight` calls on the wire at once; the others
 * wait here, in the app, before they are sent.
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
 */
export class BoundedHttpHandler extends NodeHttpHandler {
  private readonly limit: Limit;

  constructor(options: NodeHttpHandlerOptions, maxInFlight: number) {
    super(options);
    this.limit = pLimit(maxInFlight);
  }

  /** Calls waiting for their turn (sent calls not counted). */
  get waiting(): number {
    return this.limit.pendingCount;
  }

  /** Calls on the wire now. */
  get inFlight(): number {
    return this.limit.activeCount;
  }

  // An aborted call still takes its turn, and NodeHttpHandler rejects it at once without sending.
  override handle(...args: HandleArgs): ReturnType<NodeHttpHandler['handle']> {
    return this.limit(() => super.handle(...args));
  }
}
