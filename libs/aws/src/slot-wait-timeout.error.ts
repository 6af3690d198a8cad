/** The name classifyAwsError and certainlyNotApplied know a SlotWaitTimeoutError by. */
export const SLOT_WAIT_TIMEOUT = 'SlotWaitTimeout';

/**
 * A DynamoDB call that waited longer than DYNAMODB_QUEUE_TIMEOUT_MS for a turn on the wire
 * (BoundedHttpHandler) and was given up without being sent: an outage to retry later, and one
 * that provably changed nothing at the service. The SDK does not retry it (it reads it as a client
 * error): its caller has waited long enough, and its own retry policy decides what comes next.
 */
export class SlotWaitTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`no DynamoDB call slot became free within ${waitedMs} ms; the call was not sent`);
    this.name = SLOT_WAIT_TIMEOUT;
  }
}
