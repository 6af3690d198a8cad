import { z } from 'zod';
import { commonEnvSchema, LOCAL_RESOURCE_LOCATIONS } from './common.schema';
import { intVar } from './env-types';

export const receiverEnvSchema = commonEnvSchema.extend({
  PORT: intVar(3000, 1, 65535),
  ORDERS_TOPIC_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
    .default(LOCAL_RESOURCE_LOCATIONS.topicArn),
  /** Requests per client IP allowed in each THROTTLE_TTL_MS window. */
  THROTTLE_LIMIT: intVar(100, 1, 1_000_000),
  THROTTLE_TTL_MS: intVar(1000, 100, 3_600_000),
  /** Proxies in front of the app whose X-Forwarded-For entry is trusted: 1 behind the ALB, 0 when exposed directly. */
  TRUST_PROXY_HOPS: intVar(0, 0, 5),
  BODY_LIMIT_BYTES: intVar(65536, 1024, 10 * 1024 * 1024),
  /** How long a sync call waits for an order that another worker is processing. */
  SYNC_WAIT_TIMEOUT_MS: intVar(30000, 0, 600000),
});

export type ReceiverConfig = z.infer<typeof receiverEnvSchema>;
