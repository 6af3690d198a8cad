/**
 * What the infrastructure must know about each app: its name, port, health
 * routes and shutdown budget. The routes are the apps' own (both apps:
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
   * What the ALB forwards (case-sensitive ALB path patterns): the orders API, the health
   * routes and Swagger (`/docs`, `/docs-json`). Everything else, `/metrics` included, gets
   * a 404 from the ALB itself. A new public route must be added here (the stack spec checks
   * every path of docs/openapi.json against them). At most 5: one listener rule's limit.
   */
  publicPathPatterns: ['/orders/*', '/customers/*', '/health*', '/docs*'],
  /**
   * The ALB drains a target for this long before ECS stops it. At most 30 s: every deploy and
   * scale-in waits this long for each receiver task it stops.
   */
  deregistrationDelaySeconds: 30,
  stopTimeoutSeconds: 30,
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
