import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';

/**
 * The HTTPS listener's security policy: what AWS recommends and the console picks (2025): TLS 1.3,
 * and TLS 1.2 with forward-secret AEAD ciphers only ("Res"), plus the hybrid post-quantum key
 * exchange (ML-KEM) for clients that offer it, classical key exchange for the rest. Not a FIPS
 * variant (no requirement here), and not TLS 1.3 only, which would lock out TLS 1.2 clients.
 */
export const ALB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

export interface LoadBalancerProps {
  /** Name prefix, e.g. `orders-dev` (ALB and target group names are limited to 32 characters). */
  readonly prefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: string[];
  /** Port the receiver containers listen on. */
  readonly targetPort: number;
  /**
   * Liveness path polled by the target group. Not readiness: a DynamoDB or SNS brownout
   * would mark every target unhealthy and make ECS replace them in a loop.
   */
  readonly healthCheckPath: string;
  /** Timing of the target group's health check: how soon a target that answers 503 stops getting requests. */
  readonly healthCheck: TargetHealthCheckTiming;
  /** Seconds a draining target keeps its in-flight requests. */
  readonly deregistrationDelaySeconds: number;
  /**
   * The ALB's `idle_timeout` (1-4000 s). The receiver must keep idle keep-alive sockets
   * open longer, or the ALB reuses sockets Node has closed (502s): both come from
   * `HTTP_SETTINGS` in `@app/aws-resources`.
   */
  readonly idleTimeoutSeconds: number;
  /**
   * ALB path patterns (case-sensitive; `*` and `?` wildcards) forwarded to the receiver,
   * at most 5 (one rule's condition limit). An allowlist rather than a deny rule for
   * `/metrics`: Express matches routes case-insensitively, so `/METRICS` would pass a
   * deny rule and still reach the metrics endpoint.
   */
  readonly publicPathPatterns: readonly string[];
  /**
   * ACM certificate ARN (a validated one: the listener is created once it can serve it): HTTPS
   * listener plus HTTP→HTTPS redirect when given.
   * @default none: one HTTP listener on port 80 (dev without a domain only)
   */
  readonly certificateArn?: string;
}

/** The target group health check's timing (ALB limits: interval 5-300 s, timeout 2-120 s and below it, thresholds 2-10). */
export interface TargetHealthCheckTiming {
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

/**
 * The internet-facing Application Load Balancer in front of the order-receiver:
 * security group, target group (IP targets, liveness health check, short
 * deregistration delay) and listeners. With a certificate it serves HTTPS on
 * 443 and redirects HTTP to it; without one it serves HTTP on 80. Only the
 * public API's paths are forwarded; the ALB answers 404 for anything else, so
 * internal routes such as `/metrics` are never reachable from the internet.
 */
export class LoadBalancerConstruct extends Construct {
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;
  public readonly securityGroup: SecurityGroup;
  /** The listener that serves clients (HTTPS with a certificate, else HTTP). */
  public readonly listener: LbListener;
  /** The rule that forwards the public paths to the target group; services depend on it. */
  public readonly forwardRule: LbListenerRule;
  /** `http://` or `https://` and the ALB's DNS name. */
  public readonly url: string;
  public readonly protocol: 'HTTP' | 'HTTPS';
  public readonly port: number;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    assertLoadBalancerProps(props);
    this.protocol = props.certificateArn ? 'HTTPS' : 'HTTP';
    this.port = props.certificateArn ? 443 : 80;
    this.securityGroup = this.createSecurityGroup(props);
    this.loadBalancer = this.createLoadBalancer(props);
    this.targetGroup = this.createTargetGroup(props);
    this.listener = this.createListeners(props.certificateArn);
    this.forwardRule = this.createForwardRule(props.publicPathPatterns);
    this.url = `${this.protocol.toLowerCase()}://${this.loadBalancer.dnsName}`;
  }

  /** The internet in on the listener ports, out only to the receiver port inside the VPC. */
  private createSecurityGroup(props: LoadBalancerProps): SecurityGroup {
    const { prefix, targetPort } = props;
    const publicPorts = props.certificateArn ? [80, 443] : [80];
    return new SecurityGroup(this, 'security-group', {
      // A generated name and create-before-destroy: a replaced group (a new description, say) is
      // created and swapped in before the old one goes, which a fixed name would not allow.
      namePrefix: `${prefix}-alb-`,
      tags: { Name: `${prefix}-alb` },
      lifecycle: { createBeforeDestroy: true },
      description: `${prefix} load balancer: the internet in, the receiver tasks out`,
      vpcId: props.vpcId,
      ingress: publicPorts.map((port) => ({
        description: `HTTP${port === 443 ? 'S' : ''} from the internet`,
        protocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrBlocks: ['0.0.0.0/0'],
      })),
      egress: [
        {
          description: 'To the receiver tasks',
          protocol: 'tcp',
          fromPort: targetPort,
          toPort: targetPort,
          cidrBlocks: [props.vpcCidr],
        },
      ],
    });
  }

  private createLoadBalancer(props: LoadBalancerProps): Lb {
    return new Lb(this, 'alb', {
      name: `${props.prefix}-alb`,
      loadBalancerType: 'application',
      internal: false,
      subnets: props.publicSubnetIds,
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      idleTimeout: props.idleTimeoutSeconds,
    });
  }

  /** The receiver tasks by IP, health-checked on the liveness path. */
  private createTargetGroup(props: LoadBalancerProps): LbTargetGroup {
    return new LbTargetGroup(this, 'receiver-targets', {
      // A listener rule always forwards to some group, so a replacement (new port, protocol or
      // VPC) must create the new group first: a generated name (see targetGroupNamePrefix).
      namePrefix: targetGroupNamePrefix(props.prefix),
      tags: { Name: `${props.prefix}-rcv` },
      lifecycle: { createBeforeDestroy: true },
      port: props.targetPort,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: props.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath,
        protocol: 'HTTP',
        matcher: '200',
        interval: props.healthCheck.intervalSeconds,
        timeout: props.healthCheck.timeoutSeconds,
        healthyThreshold: props.healthCheck.healthyThreshold,
        unhealthyThreshold: props.healthCheck.unhealthyThreshold,
      },
    });
  }

  /**
   * The listener that serves clients, answering 404 to any path no rule forwards: HTTPS on 443
   * plus a redirect from HTTP on 80 with a certificate, else HTTP on 80.
   */
  private createListeners(certificateArn: string | undefined): LbListener {
    const notFound = [
      {
        type: 'fixed-response',
        fixedResponse: {
          contentType: 'application/json',
          statusCode: '404',
          messageBody: JSON.stringify({ statusCode: 404, message: 'Not Found' }),
        },
      },
    ];
    if (!certificateArn) {
      return new LbListener(this, 'http', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: notFound,
      });
    }
    new LbListener(this, 'http-redirect', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } },
      ],
    });
    return new LbListener(this, 'https', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      certificateArn,
      sslPolicy: ALB_TLS_POLICY,
      defaultAction: notFound,
    });
  }

  /** Services register with the target group after this rule exists (they depend on it). */
  private createForwardRule(publicPathPatterns: readonly string[]): LbListenerRule {
    return new LbListenerRule(this, 'public-paths', {
      listenerArn: this.listener.arn,
      priority: 10,
      condition: [{ pathPattern: { values: [...publicPathPatterns] } }],
      action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
  }
}

/** The longest `name_prefix` a target group takes: its 32-character name less Terraform's 26-character suffix. */
export const TARGET_GROUP_NAME_PREFIX_MAX = 6;

/**
 * The target group's `name_prefix`: the prefix's last segment (the environment of `orders-dev`)
 * cut to five characters, and a dash before Terraform's suffix, e.g. `dev-`. The full name is in
 * the group's Name tag.
 */
export function targetGroupNamePrefix(prefix: string): string {
  const segment = prefix.split('-').pop() ?? '';
  const namePrefix = `${segment.slice(0, TARGET_GROUP_NAME_PREFIX_MAX - 1)}-`;
  if (!/^[A-Za-z0-9]/.test(namePrefix) || !/^[A-Za-z0-9-]+$/.test(namePrefix)) {
    throw new Error(
      `LoadBalancerConstruct: prefix "${prefix}" must end in letters or digits (the target group's name prefix)`,
    );
  }
  return namePrefix;
}

function assertLoadBalancerProps(props: LoadBalancerProps): void {
  const { prefix, targetPort, healthCheckPath, deregistrationDelaySeconds } = props;
  const { idleTimeoutSeconds, publicPathPatterns } = props;
  if (`${prefix}-alb`.length > 32) throw new Error(`LoadBalancerConstruct: prefix "${prefix}" is too long`);
  targetGroupNamePrefix(prefix);
  if (props.publicSubnetIds.length < 2) throw new Error('LoadBalancerConstruct: an ALB needs two subnets');
  if (!Number.isInteger(targetPort) || targetPort < 1 || targetPort > 65535) {
    throw new Error(`LoadBalancerConstruct: invalid target port ${targetPort}`);
  }
  if (!healthCheckPath.startsWith('/'))
    throw new Error('LoadBalancerConstruct: healthCheckPath must start with /');
  assertHealthCheckTiming(props.healthCheck);
  if (
    !Number.isInteger(deregistrationDelaySeconds) ||
    deregistrationDelaySeconds < 0 ||
    deregistrationDelaySeconds > 3600
  ) {
    throw new Error('LoadBalancerConstruct: deregistrationDelaySeconds must be 0-3600');
  }
  if (!Number.isInteger(idleTimeoutSeconds) || idleTimeoutSeconds < 1 || idleTimeoutSeconds > 4000) {
    throw new Error(`LoadBalancerConstruct: idleTimeoutSeconds must be 1-4000, got ${idleTimeoutSeconds}`);
  }
  if (
    publicPathPatterns.length < 1 ||
    publicPathPatterns.length > 5 ||
    publicPathPatterns.some((pattern) => !pattern.startsWith('/'))
  ) {
    throw new Error('LoadBalancerConstruct: publicPathPatterns must be 1-5 patterns starting with /');
  }
}

function assertHealthCheckTiming(timing: TargetHealthCheckTiming): void {
  const { intervalSeconds, timeoutSeconds, healthyThreshold, unhealthyThreshold } = timing;
  const within = (value: number, min: number, max: number) =>
    Number.isInteger(value) && value >= min && value <= max;
  if (
    !within(intervalSeconds, 5, 300) ||
    !within(timeoutSeconds, 2, 120) ||
    timeoutSeconds >= intervalSeconds ||
    !within(healthyThreshold, 2, 10) ||
    !within(unhealthyThreshold, 2, 10)
  ) {
    throw new Error(
      'LoadBalancerConstruct: healthCheck needs interval 5-300 s, a timeout of 2-120 s below it and thresholds 2-10, ' +
        `got ${JSON.stringify(timing)}`,
    );
  }
}
