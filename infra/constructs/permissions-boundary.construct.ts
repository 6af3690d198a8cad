import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { assertValidEnvironment } from '@app/aws-resources';
import { AwsContext } from '../lib/aws-context';
import { policyDocument } from '../lib/iam-policy';
import { permissionsBoundaryName, permissionsBoundaryStatements } from '../lib/permissions-boundary';

export interface PermissionsBoundaryProps {
  /** The orders environment whose roles the boundary caps, e.g. `prod`. */
  readonly environment: string;
  readonly aws: AwsContext;
}

/**
 * The most any role of one environment's orders stack may ever do (`orders-<env>-permissions-boundary`,
 * infra/lib/permissions-boundary.ts): the stack sets it on every role it creates when
 * INFRA_PERMISSIONS_BOUNDARY is on, and the environment's deploy role may create a role only with it.
 * Created by the bootstrap, so it exists before the stack's first deploy through the pipeline.
 */
export class PermissionsBoundaryConstruct extends Construct {
  public readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    const { environment, aws } = props;
    assertValidEnvironment(environment);
    this.policy = new IamPolicy(this, 'policy', {
      name: permissionsBoundaryName(environment),
      description: `The most any role of orders-${environment} may do`,
      policy: policyDocument(permissionsBoundaryStatements(environment, aws)),
    });
  }
}
