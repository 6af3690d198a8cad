import { AppPermission, kmsActionsFor, LogicalResource } from '@app/aws-resources';
import { PolicyStatement } from './iam-policy';

/** Where each logical resource lives in the stack, and the key that encrypts them all. */
export interface PermissionTargets {
  readonly arns: Readonly<Record<LogicalResource, string>>;
  /** Customer-managed key of the topic, queues and table. */
  readonly kmsKeyArn: string;
}

/**
 * A task role's statements from the app's permissions (libs/aws-resources
 * APP_PERMISSIONS): one statement per permission on its resource's ARN, plus
 * the KMS actions those permissions need on the key, since every resource the
 * apps use is encrypted with it.
 */
export function taskPolicyStatements(
  permissions: readonly AppPermission[],
  targets: PermissionTargets,
): PolicyStatement[] {
  const statements: PolicyStatement[] = permissions.map((permission) => ({
    sid: permission.sid,
    actions: permission.actions,
    resources: [targets.arns[permission.resource]],
  }));
  const kmsActions = kmsActionsFor(permissions.flatMap((permission) => permission.actions));
  if (kmsActions.length > 0) {
    statements.push({ sid: 'UseEnvironmentKey', actions: kmsActions, resources: [targets.kmsKeyArn] });
  }
  return statements;
}
