import { z } from 'zod';
import { HTTP_SETTINGS } from '@app/aws-resources';
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
  /**
   * The time a sync request may take beyond its fulfilment: its storage retries and its wait for
   * an order another worker holds. At most the load balancer's idle timeout less 5 s, so the
   * client hears the answer, not the load balancer's 504.
   */
  SYNC_REQUEST_TIMEOUT_MS: intVar(25000, 1000, (HTTP_SETTINGS.albIdleTimeoutSeconds - 5) * 1000),
  /** Renamed: a value set for it would silently do nothing. */
  SYNC_WAIT_TIMEOUT_MS: z.undefined({
    invalid_type_error: 'replaced by SYNC_REQUEST_TIMEOUT_MS, the whole time a sync request may wait',
  }),
  /**
   * A repeat of an accepted, unfinished async order publishes it again (in case its message was
   * lost) only once its last publish is this old, and at most REPUBLISH_LIMIT times per order.
   */
  REPUBLISH_AFTER_MS: intVar(300_000, 1000, 86_400_000),
  REPUBLISH_LIMIT: intVar(3, 0, 100),
});

export type ReceiverConfig = z.infer<typeof receiverEnvSchema>;
