/**
 * The load balancer's AWS WAF web ACL: which AWS managed rule groups it runs, what it lets
 * through that a group would block, the per-IP rate limit's defaults and bounds, and how it logs.
 * Plain values, free of CDKTF: the stack configuration validates INFRA_WAF_* against them.
 */
export const WEB_ACL = {
  /**
   * AWS managed rule groups, evaluated in this order after the rate rule (priorities follow the
   * list). Common: OWASP-style body, URI, header and size checks;
   * known bad inputs: Log4j/Log4Shell, Java deserialization, host-header tricks; IP reputation:
   * addresses Amazon threat intelligence saw in bots and attacks.
   */
  managedRuleGroups: [
    'AWSManagedRulesAmazonIpReputationList',
    'AWSManagedRulesCommonRuleSet',
    'AWSManagedRulesKnownBadInputsRuleSet',
  ],
  /**
   * Rules of a managed group set to count instead of block, by group. The common set's
   * SizeRestrictions_BODY blocks bodies over 8 KB, while a valid order reaches about 11 KB
   * (100 items) under the receiver's 64 KiB body limit, which stays the one that applies.
   */
  countedRules: { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] } as Readonly<
    Record<string, readonly string[]>
  >,
  /** Requests per IP in one evaluation window (INFRA_WAF_RATE_LIMIT). WAF takes 10 to 2,000,000,000. */
  rateLimit: { default: 2000, min: 10, max: 2_000_000_000 },
  /** The windows WAF counts a rate-based rule over, in seconds (INFRA_WAF_RATE_WINDOW_SECONDS). */
  rateWindowSeconds: { default: 300, allowed: [60, 120, 300, 600] as readonly number[] },
  /** WAF writes only to log groups whose name starts with this. */
  logGroupPrefix: 'aws-waf-logs-',
  /** Headers replaced by REDACTED in the logs: bearer tokens must not end up in a log group. */
  redactedHeaders: ['authorization'],
} as const;
