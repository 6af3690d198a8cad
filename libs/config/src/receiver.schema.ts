import { z } from 'zod';
import { HTTP_SETTINGS } from '@app/aws-resources';
import { commonEnvSchema, LOCAL_RESOURCE_LOCATIONS } from './common.schema';
import { boolVar, intVar, listVar, optionalUrl, optionalVar } from './env-types';

const USER_POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/;
const CLIENT_ID = /^[\w+]{1,128}$/;

/** Bearer-token authentication of the order routes (apps/order-receiver/src/auth). */
const authEnvSchema = {
  /**
   * `true` turns authentication off: every caller may submit for and read any customer. For
   * trying the API without tokens only; start-up logs a warning, and infra never sets it.
   */
  AUTH_DISABLED: boolVar(false),
  /** The Cognito user pool whose tokens are accepted; the issuer is derived from it and AWS_REGION. */
  COGNITO_USER_POOL_ID: optionalVar(
    z.string().regex(USER_POOL_ID, 'must be a Cognito user pool id such as eu-west-1_AbC123'),
  ),
  /** The customers' app client: its users' access tokens are customer tokens (customerId = sub). */
  COGNITO_CUSTOMER_CLIENT_ID: optionalVar(z.string().regex(CLIENT_ID, 'must be a Cognito app client id')),
  /** Service app clients (client credentials): their tokens act for any customer within their scopes. */
  COGNITO_SERVICE_CLIENT_IDS: listVar(z.string().regex(CLIENT_ID, 'each must be a Cognito app client id')),
  /**
   * Where the pool's signing keys are fetched. Unset on AWS (the pool's own
   * /.well-known/jwks.json); set locally to the emulator's copy. The issuer is checked as on AWS either way.
   */
  COGNITO_JWKS_URL: optionalUrl(),
  /**
   * HMAC key that signs the statusUrl of a 202 so that a browser may poll that one order without
   * the bearer token (Secrets Manager on AWS). Unset: status URLs are not signed.
   */
  STATUS_URL_SIGNING_KEY: optionalVar(z.string().min(32, 'must be at least 32 characters')),
  /** How long a signed status URL stays valid. */
  STATUS_URL_TTL_SECONDS: intVar(900, 10, 7 * 86_400),
};

export const receiverEnvSchema = commonEnvSchema
  .extend({
    ...authEnvSchema,
    PORT: intVar(3000, 1, 65535),
    ORDERS_TOPIC_ARN: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
      .default(LOCAL_RESOURCE_LOCATIONS.topicArn),
    /** Requests per client IP allowed in each THROTTLE_TTL_MS window. */
    THROTTLE_LIMIT: intVar(100, 1, 1_000_000),
    /**
     * Requests per authenticated caller (a customer's `sub`, a service's client id) allowed in each
     * THROTTLE_TTL_MS window, counted after the per-IP limit, whatever address they come from.
     */
    CALLER_THROTTLE_LIMIT: intVar(50, 1, 1_000_000),
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
    /**
     * Serve Swagger UI at /docs and the OpenAPI document at /docs-json. On for local runs (the
     * Quick start uses Swagger UI); infra sets it on every task, off in prod unless INFRA_API_DOCS.
     * Off, both answer 404; the document is still built (405 detection reads it).
     */
    API_DOCS_ENABLED: boolVar(true),
    /**
     * On SIGTERM, how long the receiver keeps serving (health probes answering 503) before it stops
     * taking connections, so the load balancer stops routing to it first. 0 locally (Ctrl-C stops
     * at once); infra sets it from the target group's health check timing. Below Spot's 120 s notice.
     */
    SHUTDOWN_DRAIN_DELAY_MS: intVar(0, 0, 120_000),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_DISABLED) return;
    for (const name of ['COGNITO_USER_POOL_ID', 'COGNITO_CUSTOMER_CLIENT_ID'] as const) {
      if (env[name] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is required while authentication is on (AUTH_DISABLED is not true)',
        });
      }
    }
    // Its tokens would be read as a customer's: listing it as a service would silently do nothing.
    if (
      env.COGNITO_CUSTOMER_CLIENT_ID &&
      env.COGNITO_SERVICE_CLIENT_IDS.includes(env.COGNITO_CUSTOMER_CLIENT_ID)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['COGNITO_SERVICE_CLIENT_IDS'],
        message:
          "must not include COGNITO_CUSTOMER_CLIENT_ID: one app client's tokens are either a customer's or a service's",
      });
    }
  });

export type ReceiverConfig = z.infer<typeof receiverEnvSchema>;
