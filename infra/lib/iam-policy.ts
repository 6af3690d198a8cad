import { AwsContext } from './aws-context';

/**
 * IAM policy documents as plain data, rendered to the JSON string Terraform
 * expects. Resource ARNs may be CDKTF tokens: they are rendered as Terraform
 * interpolations inside the JSON string.
 */
export interface PolicyStatement {
  /** Short statement id, letters and digits only. */
  readonly sid: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /**
   * Every action but these (`NotAction`), for a Deny of all but a few; then `actions` stays empty.
   * @default none: `Action` lists `actions`
   */
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  /**
   * e.g. `{ Service: 'sns.amazonaws.com' }`; only resource policies have principals.
   * @default none: no `Principal` element (an identity policy)
   */
  readonly principals?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * e.g. `{ ArnEquals: { 'aws:SourceArn': topicArn } }`.
   * @default none: no `Condition` element
   */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Throws on an empty action or resource list, or a wildcard action, which least privilege forbids. */
export function assertLeastPrivilege(label: string, statements: readonly PolicyStatement[]): void {
  if (statements.length === 0) throw new Error(`${label}: a policy needs at least one statement`);
  for (const statement of statements) {
    if (!/^[A-Za-z0-9]+$/.test(statement.sid)) throw new Error(`${label}: invalid sid "${statement.sid}"`);
    if (statement.actions.length === 0 || statement.resources.length === 0) {
      throw new Error(`${label}: statement ${statement.sid} needs actions and resources`);
    }
    if (statement.actions.some((action) => action === '*' || action.endsWith(':*'))) {
      throw new Error(`${label}: statement ${statement.sid} uses a wildcard action`);
    }
  }
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((statement) => ({
      Sid: statement.sid,
      Effect: statement.effect ?? 'Allow',
      ...(statement.principals ? { Principal: statement.principals } : {}),
      ...(statement.notActions ? { NotAction: statement.notActions } : { Action: statement.actions }),
      Resource: statement.resources.length === 1 ? statement.resources[0] : statement.resources,
      ...(statement.conditions ? { Condition: statement.conditions } : {}),
    })),
  });
}

/** Trust policy letting an AWS service assume a role, scoped to one account. */
export function assumeRolePolicy(service: string, accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  });
}

/** Key-policy statement without which no IAM policy in the account could grant use of the key. */
export function accountAdministersKey(aws: Pick<AwsContext, 'accountId' | 'partition'>): PolicyStatement {
  return {
    sid: 'AccountAdministersKey',
    principals: { AWS: `arn:${aws.partition}:iam::${aws.accountId}:root` },
    actions: ['kms:*'],
    resources: ['*'],
  };
}

/**
 * Key-policy statement letting CloudWatch alarms publish to a topic encrypted with the key.
 * No source condition: AWS documents this grant without one for alarm actions.
 */
export const CLOUDWATCH_PUBLISHES_ALARMS: PolicyStatement = {
  sid: 'CloudWatchPublishesAlarms',
  principals: { Service: 'cloudwatch.amazonaws.com' },
  actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
  resources: ['*'],
};
