/** SQS returns at most 10 messages per receive. */
export const SQS_MAX_BATCH = 10;

/**
 * How long a consumer that holds no free slot waits, once one is free, for up
 * to 10 (a fuller receive, fewer calls). Orders that started together end
 * together, so their slots come back within a few ms of each other.
 */
export const RECEIVE_FILL_WAIT_MS = 25;

/**
 * The first receive window of each consumer: PROCESSOR_CONCURRENCY split into
 * windows of at most 10 (one receive's maximum), so ceil(C / 10) consumers, each
 * one long poll at a time, and the windows add up to C exactly. Afterwards a
 * window follows the free slots (ReceiveWindow).
 */
export function initialReceiveWindows(concurrency: number): number[] {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('concurrency must be a positive integer');
  const full = Math.floor(concurrency / SQS_MAX_BATCH);
  const rest = concurrency % SQS_MAX_BATCH;
  return [...Array<number>(full).fill(SQS_MAX_BATCH), ...(rest > 0 ? [rest] : [])];
}

export function consumerName(index: number): string {
  return `orders-${index}`;
}
