import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { onlyResource, parsePolicy, synthJson, TEST_AWS, TEST_KMS_KEY_ARN } from '../testing/fixtures';
import { WebAclConstruct, WebAclProps } from './web-acl.construct';

type Rule = {
  name: string;
  priority: number;
  action?: Record<string, unknown>;
  override_action?: Record<string, unknown>;
  statement: Record<string, Record<string, unknown>>;
  visibility_config: {
    cloudwatch_metrics_enabled: boolean;
    metric_name: string;
    sampled_requests_enabled: boolean;
  };
};

describe(WebAclConstruct.name, () => {
  const props: WebAclProps = {
    prefix: 'orders-dev',
    aws: TEST_AWS,
    resourceArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders-dev/1',
    rateLimit: 2000,
    rateWindowSeconds: 300,
    kmsKeyArn: TEST_KMS_KEY_ARN,
    logRetentionDays: 14,
  };
  const build = (overrides: Partial<WebAclProps> = {}) =>
    synthJson((scope) => {
      new WebAclConstruct(scope, 'sut', { ...props, ...overrides });
    });
  const webAcl = (json: ReturnType<typeof build>['json']) => onlyResource(json, 'aws_wafv2_web_acl');
  const rules = (json: ReturnType<typeof build>['json']) => webAcl(json).rule as Rule[];
  const rule = (json: ReturnType<typeof build>['json'], name: string) =>
    rules(json).find((candidate) => candidate.name === name)!;

  it('protects the load balancer with a regional web ACL that allows what no rule blocks', () => {
    const { json, synth } = build();
    expect(webAcl(json)).toMatchObject({
      name: 'orders-dev',
      scope: 'REGIONAL',
      default_action: { allow: {} },
    });
    expect(synth).toHaveResourceWithProperties(Wafv2WebAclAssociation, {
      resource_arn: props.resourceArn,
      web_acl_arn: expect.stringMatching(/^\$\{aws_wafv2_web_acl\.sut_web-acl_\w+\.arn}$/),
    });
  });

  it('runs the common, known-bad-inputs and IP reputation groups as AWS set them up', () => {
    const { json } = build();
    for (const group of [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
    ]) {
      expect(rule(json, group)).toMatchObject({
        override_action: { none: {} },
        statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: group } },
      });
    }
    const priorities = rules(json).map((candidate) => candidate.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it("counts the common set's SizeRestrictions_BODY instead of blocking: a valid 100-item order is over 8 KB", () => {
    const { json } = build();
    const common = rule(json, 'AWSManagedRulesCommonRuleSet').statement.managed_rule_group_statement;
    expect(common.rule_action_override).toEqual([
      { name: 'SizeRestrictions_BODY', action_to_use: { count: {} } },
    ]);
    for (const group of ['AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']) {
      expect(rule(json, group).statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
    }
  });

  it('limits requests per IP over the configured window, answering 429 in the API error shape with Retry-After', () => {
    const { json } = build({ rateLimit: 500, rateWindowSeconds: 120 });
    const rate = rule(json, 'rate-limit-per-ip');
    expect(rate.statement.rate_based_statement).toEqual({
      limit: 500,
      evaluation_window_sec: 120,
      aggregate_key_type: 'IP',
    });
    expect(rate.action).toEqual({
      block: {
        custom_response: {
          response_code: 429,
          custom_response_body_key: 'rate-limited',
          response_header: [{ name: 'Retry-After', value: '120' }],
        },
      },
    });
    const [body] = webAcl(json).custom_response_body as {
      key: string;
      content: string;
      content_type: string;
    }[];
    expect(body).toMatchObject({ key: 'rate-limited', content_type: 'APPLICATION_JSON' });
    expect(JSON.parse(body.content)).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/500 per 120 s.*Retry-After/),
    });
  });

  it('publishes metrics and samples for the web ACL and every rule', () => {
    const { json } = build();
    const configs = [
      webAcl(json).visibility_config,
      ...rules(json).map((candidate) => candidate.visibility_config),
    ];
    expect(configs).toHaveLength(5);
    for (const config of configs) {
      expect(config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    }
    const metricNames = configs.map((config) => (config as Rule['visibility_config']).metric_name);
    expect(new Set(metricNames).size).toBe(metricNames.length);
  });

  it('logs blocked and counted requests to an encrypted aws-waf-logs- group, with the authorization header redacted', () => {
    const { json, synth } = build();
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: 'aws-waf-logs-orders-dev',
      retention_in_days: 14,
      kms_key_id: TEST_KMS_KEY_ARN,
    });
    const logging = onlyResource(json, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging).toMatchObject({
      resource_arn: expect.stringMatching(/^\$\{aws_wafv2_web_acl\.sut_web-acl_\w+\.arn}$/),
      log_destination_configs: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.sut_logs_\w+\.arn}$/)],
      redacted_fields: [{ single_header: { name: 'authorization' } }],
      logging_filter: {
        default_behavior: 'DROP',
        filter: [
          {
            behavior: 'KEEP',
            requirement: 'MEETS_ANY',
            condition: [
              { action_condition: { action: 'BLOCK' } },
              { action_condition: { action: 'COUNT' } },
              { action_condition: { action: 'EXCLUDED_AS_COUNT' } },
            ],
          },
        ],
      },
    });
    const policy = parsePolicy(onlyResource(json, 'aws_cloudwatch_log_resource_policy'), 'policy_document');
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.sut_logs_\w+\.arn}:\*$/),
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': TEST_AWS.accountId } }),
      }),
    ]);
  });

  it.each([
    [{ rateLimit: 9 }, /rateLimit/],
    [{ rateLimit: 100.5 }, /rateLimit/],
    [{ rateWindowSeconds: 3600 }, /rateWindowSeconds/],
  ])('rejects %p', (overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });
});
