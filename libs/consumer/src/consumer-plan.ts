/** SQS returns at most 10 messages per receive. */
export const SQS_MAX_BATCH = 10;

/**
 * Splits PROCESSOR_CONCURRENCY into consumers. sqs-consumer works a received
 * batch to its end before polling again, so each consumer holds at most its
 * batch size in flight; the batch sizes add up to the concurrency exactly.
 * Batch size 1 (the default) never leaves a slot idle behind a slow order;
 * larger batches need fewer receive calls at the cost of that idling.
 */
export function consumerBatchSizes(concurrency: number, batchSize: number): number[] {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('concurrency must be a positive integer');
  const batch = Math.min(SQS_MAX_BATCH, Math.max(1, Math.floor(batchSize)));
  const full = Math.floor(concurrency / batch);
  const rest = concurrency % batch;
  return [...Array<number>(full).fill(batch), ...(rest > 0 ? [rest] : [])];
}

export function consumerName(index: number): string {
  return `orders-${index}`;
}
