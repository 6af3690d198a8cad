import { iamActionsFor, kmsActionsFor, LogicalResource, RecordedAwsCall } from '@app/aws-resources';

/**
 * Checks recorded AWS calls against an identity policy as synthesized: which
 * IAM actions on which resources the calls need (OPERATION_ACTIONS, plus the KMS
 * actions on the key of each encrypted resource), which of those the policy does
 * not allow, and which of its grants no call needed. Resources are compared as
 * the synthesized policy names them: Terraform references such as
 * `${aws_sqs_queue.messaging_queue_1A2B.arn}`.
 */

/** A statement of a synthesized identity policy (IAM accepts a string or a list for both). */
export interface IdentityPolicy {
  readonly Statement: readonly {
    readonly Sid?: string;
    readonly Effect: string;
    /** One of Action and NotAction (every action but these). */
    readonly Action?: string | readonly string[];
    readonly NotAction?: string | readonly string[];
    readonly Resource: string | readonly string[];
  }[];
}

/** How the synthesized stack names each logical resource and the key encrypting it. */
export interface PolicyReferences {
  readonly resources: Readonly<Record<LogicalResource, string>>;
  /** The reference of the customer-managed key of each encrypted resource. */
  readonly encryptionKeys: Readonly<Partial<Record<LogicalResource, string>>>;
}

/** One permission a call needs: an action on a resource (as the policy names it). */
export interface RequiredPermission {
  readonly action: string;
  readonly resource: string;
  /** The call or action that needs it, for the failure message. */
  readonly neededBy: string;
}

export interface Requirements {
  readonly permissions: readonly RequiredPermission[];
  /** Calls that cannot be checked: an operation without IAM mapping, a resource that is none of the app's. */
  readonly problems: readonly string[];
}

export interface Grant {
  readonly sid: string;
  readonly action: string;
  readonly resource: string;
}

const list = (value: string | readonly string[]): readonly string[] =>
  typeof value === 'string' ? [value] : value;

/** IAM's wildcards: `*` any run of characters, `?` one character; actions compare case-insensitively. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function isLogicalResource(resource: string, references: PolicyReferences): resource is LogicalResource {
  return Object.prototype.hasOwnProperty.call(references.resources, resource);
}

/** What the recorded calls need, each permission once. */
export function requiredPermissions(
  calls: readonly RecordedAwsCall[],
  references: PolicyReferences,
): Requirements {
  const permissions = new Map<string, RequiredPermission>();
  const problems = new Set<string>();
  const need = (action: string, resource: string, neededBy: string) => {
    const key = `${action} ${resource}`;
    if (!permissions.has(key)) permissions.set(key, { action, resource, neededBy });
  };
  for (const call of calls) {
    const operation = `${call.service}:${call.operation}`;
    const actions = iamActionsFor(call);
    if (!actions) {
      problems.add(`${operation}: no IAM action known for it; add it to OPERATION_ACTIONS`);
      continue;
    }
    if (!isLogicalResource(call.resource, references)) {
      problems.add(`${operation} on ${call.resource}, which is none of the app's resources`);
      continue;
    }
    const arn = references.resources[call.resource];
    for (const action of actions) need(action, arn, `${operation} on the ${call.resource}`);
    const key = references.encryptionKeys[call.resource];
    if (!key) continue;
    for (const action of actions) {
      for (const kmsAction of kmsActionsFor([action])) {
        need(kmsAction, key, `${action} on the encrypted ${call.resource}`);
      }
    }
  }
  return { permissions: [...permissions.values()], problems: [...problems] };
}

/** Whether the policy allows `action` on `resource`: some Allow matches and no Deny does. */
export function isAllowed(policy: IdentityPolicy, action: string, resource: string): boolean {
  const applies = (statement: IdentityPolicy['Statement'][number]) =>
    (statement.NotAction === undefined
      ? list(statement.Action ?? []).some((pattern) => matches(pattern, action, true))
      : !list(statement.NotAction).some((pattern) => matches(pattern, action, true))) &&
    list(statement.Resource).some((pattern) => matches(pattern, resource, false));
  const applying = policy.Statement.filter(applies);
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}

/** The required permissions the policy does not allow. */
export function missingPermissions(
  policy: IdentityPolicy,
  required: readonly RequiredPermission[],
): RequiredPermission[] {
  return required.filter(({ action, resource }) => !isAllowed(policy, action, resource));
}

/** Each action-on-resource the policy allows that no required permission needed. */
export function unusedGrants(policy: IdentityPolicy, required: readonly RequiredPermission[]): Grant[] {
  return policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) =>
    list(statement.Action ?? []).flatMap((action) =>
      list(statement.Resource)
        .filter(
          (resource) =>
            !required.some(
              (need) => matches(action, need.action, true) && matches(resource, need.resource, false),
            ),
        )
        .map((resource) => ({ sid: statement.Sid ?? '(no sid)', action, resource })),
    ),
  );
}

/** `sqs:SendMessage on ${aws_sqs_queue.x.arn} (needed by sqs:SendMessage on the queue)` */
export function describePermission({ action, resource, neededBy }: RequiredPermission): string {
  return `${action} on ${resource} (needed by ${neededBy})`;
}
