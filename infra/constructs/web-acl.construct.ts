import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { WEB_ACL } from '../config/web-acl';
import { AwsContext } from '../lib/aws-context';
import { policyDocument } from '../lib/iam-policy';

export interface WebAclProps {
  /** Environment prefix, e.g. `orders-dev`; names the web ACL, its metrics and its log group. */
  readonly prefix: string;
  readonly aws: AwsContext;
  /** ARN of the regional resource the web ACL protects: the public load balancer. */
  readonly resourceArn: string;
  /** Requests one IP may make in `rateWindowSeconds`, over all tasks, before it gets 429s. */
  readonly rateLimit: number;
  /** The window the rate rule counts over: 60, 120, 300 or 600 s. */
  readonly rateWindowSeconds: number;
  /** Key of the log group; its policy must let CloudWatch Logs use it for `aws-waf-logs-<prefix>`. */
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
}

/** Key of the rate rule's response body in the web ACL. */
const RATE_LIMITED_BODY = 'rate-limited';

/**
 * AWS WAF in front of the load balancer: a per-IP rate rule that holds over every receiver task
 * (the receiver's own THROTTLE_LIMIT counts per task, in memory), then the AWS managed rule groups
 * of WEB_ACL, with the rules WEB_ACL.countedRules names set to count. A rate-limited client gets a
 * 429 in the API's error shape with Retry-After; what a managed rule blocks gets WAF's plain 403.
 * Every rule publishes metrics and samples. Blocked and counted requests are logged to
 * `aws-waf-logs-<prefix>` with the authorization header redacted; allowed ones are not, which keeps
 * the Route 53 health checks and ordinary traffic out of the log bill.
 */
export class WebAclConstruct extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  public readonly association: Wafv2WebAclAssociation;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly logging: Wafv2WebAclLoggingConfiguration;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    assertWebAclProps(props);
    const { prefix } = props;

    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name: prefix,
      description: `${prefix}: rate limit per IP and AWS managed rules in front of the load balancer`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBody: [
        { key: RATE_LIMITED_BODY, contentType: 'APPLICATION_JSON', content: rateLimitedBody(props) },
      ],
      rule: [
        this.rateRule(props),
        ...WEB_ACL.managedRuleGroups.map((group, index) => managedGroupRule(prefix, group, index + 1)),
      ],
      visibilityConfig: visibility(prefix),
    });

    this.association = new Wafv2WebAclAssociation(this, 'association', {
      resourceArn: props.resourceArn,
      webAclArn: this.webAcl.arn,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `${WEB_ACL.logGroupPrefix}${prefix}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    // Without a policy of its own, WAF adds this log group to the account's shared AWSWAF-LOGS
    // policy, which outgrows its size limit in accounts with many web ACLs.
    const deliveryPolicy = new CloudwatchLogResourcePolicy(this, 'log-delivery-policy', {
      policyName: `${prefix}-waf-logs`,
      policyDocument: policyDocument([
        {
          sid: 'WafDeliversLogs',
          principals: { Service: 'delivery.logs.amazonaws.com' },
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${this.logGroup.arn}:*`],
          conditions: {
            StringEquals: { 'aws:SourceAccount': props.aws.accountId },
            ArnLike: {
              'aws:SourceArn': `arn:${props.aws.partition}:logs:${props.aws.region}:${props.aws.accountId}:*`,
            },
          },
        },
      ]),
    });
    this.logging = new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: WEB_ACL.redactedHeaders.map((name) => ({ singleHeader: { name } })),
      loggingFilter: {
        defaultBehavior: 'DROP',
        filter: [
          {
            behavior: 'KEEP',
            requirement: 'MEETS_ANY',
            // EXCLUDED_AS_COUNT: what a counted managed rule (SizeRestrictions_BODY) would have blocked.
            condition: ['BLOCK', 'COUNT', 'EXCLUDED_AS_COUNT'].map((action) => ({
              actionCondition: { action },
            })),
          },
        ],
      },
      dependsOn: [deliveryPolicy],
    });
  }

  /** Blocks an IP past the limit with a 429 in the API's error shape, for as long as it stays past it. */
  private rateRule(props: WebAclProps): Wafv2WebAclRule {
    const name = 'rate-limit-per-ip';
    return {
      name,
      priority: 0,
      action: {
        block: {
          customResponse: {
            responseCode: 429,
            customResponseBodyKey: RATE_LIMITED_BODY,
            // The IP stays blocked until its count over the window falls below the limit: at most one window.
            responseHeader: [{ name: 'Retry-After', value: String(props.rateWindowSeconds) }],
          },
        },
      },
      // `statement` is untyped in the provider bindings: Terraform's own (snake_case) names.
      statement: {
        rate_based_statement: {
          limit: props.rateLimit,
          evaluation_window_sec: props.rateWindowSeconds,
          aggregate_key_type: 'IP',
        },
      },
      visibilityConfig: visibility(`${props.prefix}-${name}`),
    };
  }
}

/** An AWS managed rule group, blocking as AWS set it up except for the rules WEB_ACL counts. */
function managedGroupRule(prefix: string, group: string, priority: number): Wafv2WebAclRule {
  const counted = WEB_ACL.countedRules[group] ?? [];
  return {
    name: group,
    priority,
    overrideAction: { none: {} },
    statement: {
      managed_rule_group_statement: {
        vendor_name: 'AWS',
        name: group,
        ...(counted.length > 0
          ? { rule_action_override: counted.map((name) => ({ name, action_to_use: { count: {} } })) }
          : {}),
      },
    },
    visibilityConfig: visibility(`${prefix}-${group}`),
  };
}

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** The receiver's error shape, so a client handles WAF's 429 as it handles the receiver's own. */
function rateLimitedBody({ rateLimit, rateWindowSeconds }: WebAclProps): string {
  return JSON.stringify({
    statusCode: 429,
    error: 'Too Many Requests',
    message:
      `Too many requests from this client IP: the limit is ${rateLimit} per ${rateWindowSeconds} s ` +
      'across all servers; retry after Retry-After seconds',
  });
}

function assertWebAclProps(props: WebAclProps): void {
  const { rateLimit, rateWindowSeconds } = props;
  if (
    !Number.isInteger(rateLimit) ||
    rateLimit < WEB_ACL.rateLimit.min ||
    rateLimit > WEB_ACL.rateLimit.max
  ) {
    throw new Error(`WebAclConstruct: rateLimit must be ${WEB_ACL.rateLimit.min}-${WEB_ACL.rateLimit.max}`);
  }
  if (!WEB_ACL.rateWindowSeconds.allowed.includes(rateWindowSeconds)) {
    throw new Error(
      `WebAclConstruct: rateWindowSeconds must be one of ${WEB_ACL.rateWindowSeconds.allowed.join(', ')}`,
    );
  }
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(props.prefix)) throw new Error('WebAclConstruct: invalid prefix');
}
