/**
 * HTTP connection timing shared by the receiver and the load balancer in front of it.
 * The ALB reuses an idle keep-alive connection for up to its idle timeout; if Node
 * closed it first (Node's default keepAliveTimeout is 5 s), the ALB's next request on
 * it fails with a 502. So the app keeps idle sockets longer than the ALB does, and
 * waits for headers longer still (Node requires headersTimeout > keepAliveTimeout).
 */
const albIdleTimeoutSeconds = 60;

export const HTTP_SETTINGS = {
  /** The ALB's `idle_timeout` (seconds). */
  albIdleTimeoutSeconds,
  /** The receiver's `server.keepAliveTimeout`: the ALB's idle timeout plus 5 s. */
  keepAliveTimeoutMs: (albIdleTimeoutSeconds + 5) * 1000,
  /** The receiver's `server.headersTimeout`: above keepAliveTimeout. */
  headersTimeoutMs: (albIdleTimeoutSeconds + 6) * 1000,
} as const;
