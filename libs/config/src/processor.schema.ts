import { z } from 'zod';
import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { commonEnvSchema, LOCAL_RESOURCE_LOCATIONS } from './common.schema';
import { intVar } from './env-types';

const queueUrl = (def: string) => z.string().url('must be an SQS queue URL').default(def);

export const processorEnvSchema = commonEnvSchema.extend({
  PROCESSOR_PORT: intVar(3001, 1, 65535),
  ORDERS_QUEUE_URL: queueUrl(LOCAL_RESOURCE_LOCATIONS.queueUrl),
  ORDERS_DLQ_URL: queueUrl(LOCAL_RESOURCE_LOCATIONS.deadLetterQueueUrl),
  /** Orders one process works on at once; ceil(concurrency / 10) consumers receive them. */
  PROCESSOR_CONCURRENCY: intVar(10, 1, 1000),
  SQS_WAIT_TIME_SECONDS: intVar(MESSAGING_SETTINGS.receiveWaitTimeSeconds, 0, 20),
  /** Visibility (and DynamoDB lease) an order gets, extended by a heartbeat while it runs. */
  VISIBILITY_TIMEOUT_SECONDS: intVar(MESSAGING_SETTINGS.visibilityTimeoutSeconds, 2, 43200),
  /** Receives after which a failing order is recorded FAILED; must match the queue's redrive policy. */
  MAX_RECEIVE_COUNT: intVar(MESSAGING_SETTINGS.maxReceiveCount, 1, 1000),
  /** First retry delay after a failed attempt; doubles per attempt. */
  RETRY_BASE_DELAY_MS: intVar(1000, 0, 900000),
  SHUTDOWN_TIMEOUT_MS: intVar(90000, 0, 600000),
  /**
   * No client waits on the processor's DynamoDB calls, and its queue cannot outgrow
   * PROCESSOR_CONCURRENCY (one call per order, plus lease renewals): the receiver's short deadline
   * would only fail its lease renewals while the emulator is busy. Bounded still, by a default
   * message visibility, so that a hung DynamoDB holds no call longer.
   */
  DYNAMODB_QUEUE_TIMEOUT_MS: intVar(MESSAGING_SETTINGS.visibilityTimeoutSeconds * 1000, 1, 600000),
});

export type ProcessorConfig = z.infer<typeof processorEnvSchema>;
