/**
 * What the infrastructure must know about each app: its name, port, health
 * routes, public paths and shutdown budget. The routes are the apps' own (both apps:
 * `GET /health/live` liveness, `GET /health` readiness);
 * the ports are set on the tasks through PORT and PROCESSOR_PORT.
 */
export const RECEIVER_SERVICE = {
  name: 'order-receiver',
  port: 3000,
  /**
   * Container health check, ALB target group and the Route 53 failover check (through the ALB):
   * is the process alive. DNS moves to the standby only when the primary cannot take orders at
   * all (region, load balancer, no healthy task).
   */
  livenessPath: '/health/live',
  /**
   * Readiness (DynamoDB and SNS reachable), for operators. Nothing routes on it: while a
   * dependency is degraded, the receiver answers each affected route with a 503 and Retry-After
   * itself, which beats sending every route to the standby.
   */
  readinessPath: '/health',
  /**
   * What the ALB forwards (case-sensitive ALB path patterns): the orders API and the health
   * routes. Everything else, `/metrics` included, gets a 404 from the ALB itself. A new public
   * route must be added here (the stack spec checks every path of docs/openapi.json against
   * them). With docsPathPatterns, at most 5: one listener rule's limit.
   */
  publicPathPatterns: ['/orders/*', '/customers/*', '/health*'],
  /** Swagger UI (`/docs`) and the OpenAPI document (`/docs-json`): forwarded only with INFRA_API_DOCS. */
  docsPathPatterns: ['/docs*'],
  /**
   * The target group's health check (on livenessPath). A target fails it within
   * `intervalSeconds × unhealthyThreshold + timeoutSeconds` of starting to answer 503: the
   * receiver does that from SIGTERM on, for drainDelaySeconds, so that the load balancer stops
   * routing to it before it stops taking connections.
   */
  targetHealthCheck: { intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2 },
  /**
   * Allowance for a target's new state (unhealthy or deregistering) to reach every load balancer
   * node. AWS publishes no bound; seconds in practice.
   */
  routingPropagationSeconds: 5,
  /**
   * How long the receiver keeps serving after SIGTERM (SHUTDOWN_DRAIN_DELAY_MS) before it stops
   * taking connections. A Fargate Spot interruption sends SIGTERM while the target may stay
   * registered: the delay covers the health check's detection plus the propagation allowance,
   * 10 × 2 + 5 + 5 = 30 s (the stack spec checks it on the synthesized values).
   */
  drainDelaySeconds: 30,
  /**
   * The ALB keeps a deregistering target's requests this long. At least the longest request a
   * client can wait for through the ALB (its idle timeout, HTTP_SETTINGS: it answers 504 after
   * that), so it never cuts a request it forwarded. A deploy or scale-in waits for it only while
   * the task still has requests or connections, then for drainDelaySeconds, per task it stops.
   */
  deregistrationDelaySeconds: 60,
  /**
   * ECS's SIGTERM-to-SIGKILL window: the drain delay, then the longest request (the ALB's 60 s idle
   * timeout) with 10 s to spare. Within Spot's 120 s notice, which is also Fargate's maximum.
   */
  stopTimeoutSeconds: 100,
  /** Behind exactly one proxy, the ALB, so the client IP is the last X-Forwarded-For hop. */
  trustProxyHops: 1,
  /**
   * Lifetime of the user pool's access tokens (minutes): how long a disabled user or a
   * service client whose secret leaked keeps access. Services cache a token until near expiry.
   */
  accessTokenMinutes: 60,
  /** Characters of the generated STATUS_URL_SIGNING_KEY (the receiver requires at least 32). */
  statusUrlSigningKeyLength: 64,
  /**
   * Generation of STATUS_URL_SIGNING_KEY: increase it to rotate the key on the next deploy.
   * Status URLs signed with the old key stop working once every task has restarted with the new one.
   */
  statusUrlSigningKeyVersion: 1,
} as const;

export const PROCESSOR_SERVICE = {
  name: 'order-processor',
  port: 3001,
  /**
   * Container health check. Liveness, not readiness: during a DynamoDB or SQS
   * outage the processor waits and recovers by itself with its orders in
   * flight; replacing every task would only interrupt them.
   */
  livenessPath: '/health/live',
  /** Reports consumers and DynamoDB (503 while a dependency is down), for operators and alarms. */
  readinessPath: '/health',
  /** Fargate's maximum; a Spot interruption gives 120 s too. */
  stopTimeoutSeconds: 120,
  /** The processor's own drain budget, well inside the stop timeout. */
  shutdownTimeoutMs: 90000,
} as const;

/** Dockerfile shared by both apps (APP build argument), relative to the repository root. */
export const DOCKERFILE = 'docker/Dockerfile';

/**
 * The user the tasks run as: the `node` user that DOCKERFILE's runtime stage ends with (uid and gid
 * 1000 in the official node images). Numeric, so that ECS needs no /etc/passwd lookup to know it
 * is not root.
 */
export const IMAGE_USER = '1000:1000';
