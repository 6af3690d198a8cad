import { RECEIVER_SERVICE } from '../config/services';
import { albPathMatches, onlyResource, resourcesOf, TerraformJson } from '../testing/fixtures';
import { synthOrdersStack } from '../testing/orders-stack';

/** Fargate Spot's interruption notice, and Fargate's largest stop timeout. */
const SPOT_NOTICE_SECONDS = 120;
/** Time to spare between the last request's answer and ECS's SIGKILL. */
const STOP_MARGIN_SECONDS = 5;

type Container = {
  name: string;
  environment: { name: string; value: string }[];
  stopTimeout: number;
};

/** What the receiver's shutdown and public surface depend on, read from the synthesized stack only. */
function receiverEdge(json: TerraformJson) {
  const group = onlyResource(json, 'aws_lb_target_group');
  const check = group.health_check as { interval: number; timeout: number; unhealthy_threshold: number };
  const receiver = resourcesOf(json, 'aws_ecs_task_definition')
    .map((task) => (JSON.parse(task.container_definitions as string) as Container[])[0])
    .find((container) => container.name === RECEIVER_SERVICE.name)!;
  const drainMs = receiver.environment.find((v) => v.name === 'SHUTDOWN_DRAIN_DELAY_MS')?.value;
  return {
    /** Worst case from the first 503 until the target is unhealthy: every probe may wait its timeout. */
    unhealthyAfterSeconds: check.interval * check.unhealthy_threshold + check.timeout,
    deregistrationDelaySeconds: Number(group.deregistration_delay),
    /** The ALB answers 504 to a request its target is silent on for this long: no client waits longer. */
    longestRequestSeconds: onlyResource(json, 'aws_lb').idle_timeout as number,
    drainSeconds: Number(drainMs) / 1000,
    stopTimeoutSeconds: receiver.stopTimeout,
    apiDocs: receiver.environment.find((v) => v.name === 'API_DOCS_ENABLED')?.value,
  };
}

/** The path patterns the listener forwards to the receiver. */
function forwardedPaths(json: TerraformJson): (path: string) => boolean {
  const patterns = resourcesOf(json, 'aws_lb_listener_rule').flatMap((rule) =>
    (rule.condition as { path_pattern?: { values: string[] } }[]).flatMap(
      (condition) => condition.path_pattern?.values ?? [],
    ),
  );
  return (path) => patterns.some((pattern) => albPathMatches(pattern, path));
}

/** prod serves HTTPS only: a hosted zone gives it a certificate of its own. */
const PROD_DOMAIN = { INFRA_HOSTED_ZONE: 'example.com', INFRA_RECORD_NAME: 'orders' };

describe('OrdersStack: the receiver behind the load balancer', () => {
  describe.each([
    ['dev', { INFRA_ENVIRONMENT: 'dev' }],
    ['prod', { INFRA_ENVIRONMENT: 'prod', ...PROD_DOMAIN }],
    ['staging', { INFRA_ENVIRONMENT: 'staging', INFRA_REGION: 'eu-west-1' }],
  ])('%s: a stopping receiver (Spot interruption, deploy, scale-in) drops no request', (_name, env) => {
    const timing = receiverEdge(synthOrdersStack(env).json);

    it('keeps serving after SIGTERM until the load balancer has stopped routing to it', () => {
      // The health check's detection (the receiver answers 503 from SIGTERM on), then the allowance
      // for the unhealthy state to reach every load balancer node. A deregistration that ECS starts
      // at SIGTERM needs the allowance alone: the health check is the slower of the two.
      const stopsRoutingAfter = timing.unhealthyAfterSeconds + RECEIVER_SERVICE.routingPropagationSeconds;
      expect(timing.drainSeconds).toBeGreaterThanOrEqual(stopsRoutingAfter);
    });

    it('lets the last request taken during the drain finish before ECS kills the task', () => {
      expect(timing.stopTimeoutSeconds).toBeGreaterThanOrEqual(
        timing.drainSeconds + timing.longestRequestSeconds + STOP_MARGIN_SECONDS,
      );
    });

    it("fits Spot's two-minute notice", () => {
      expect(timing.drainSeconds).toBeLessThanOrEqual(SPOT_NOTICE_SECONDS);
      expect(timing.stopTimeoutSeconds).toBeLessThanOrEqual(SPOT_NOTICE_SECONDS);
    });

    it('keeps a deregistering target until its longest request has been answered', () => {
      expect(timing.deregistrationDelaySeconds).toBeGreaterThanOrEqual(timing.longestRequestSeconds);
    });
  });

  describe('API docs', () => {
    it('are served and forwarded in dev, never /metrics', () => {
      const { json } = synthOrdersStack({ INFRA_ENVIRONMENT: 'dev' });
      const forwarded = forwardedPaths(json);
      expect(receiverEdge(json).apiDocs).toBe('true');
      for (const path of ['/docs', '/docs-json', '/docs/static/index.html'])
        expect(forwarded(path)).toBe(true);
      expect(forwarded('/metrics')).toBe(false);
      expect(json.output!.swagger_url).toBeDefined();
    });

    it('are off in prod: the task does not serve them and the load balancer does not forward them', () => {
      const { json } = synthOrdersStack({ INFRA_ENVIRONMENT: 'prod', ...PROD_DOMAIN });
      const forwarded = forwardedPaths(json);
      expect(receiverEdge(json).apiDocs).toBe('false');
      for (const path of ['/docs', '/docs-json', '/docs/static/index.html', '/metrics']) {
        expect(forwarded(path)).toBe(false);
      }
      for (const path of ['/orders/sync', '/customers/c-1/orders/o-1', '/health', '/health/live']) {
        expect(forwarded(path)).toBe(true);
      }
      expect(json.output!.swagger_url).toBeUndefined();
    });

    it('are on in prod with INFRA_API_DOCS=true', () => {
      const { json } = synthOrdersStack({
        INFRA_ENVIRONMENT: 'prod',
        ...PROD_DOMAIN,
        INFRA_API_DOCS: 'true',
      });
      expect(receiverEdge(json).apiDocs).toBe('true');
      expect(forwardedPaths(json)('/docs-json')).toBe(true);
    });
  });
});
