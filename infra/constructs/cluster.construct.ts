import { Construct } from 'constructs';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';

export interface ClusterProps {
  /** Cluster name, e.g. `orders-dev`. */
  readonly name: string;
  /**
   * Create the account's ECS service-linked role (AWSServiceRoleForECS), which the capacity
   * providers and services need. One per account: creating it fails where it already exists, and
   * destroying this stack then deletes it (AWS refuses while another cluster still uses it).
   * @default false: the role must already exist
   */
  readonly createServiceLinkedRole?: boolean;
}

/** The AWS service whose service-linked role ECS clusters, capacity providers and services use. */
export const ECS_SERVICE_PRINCIPAL = 'ecs.amazonaws.com';

export const FARGATE = 'FARGATE';
export const FARGATE_SPOT = 'FARGATE_SPOT';

/**
 * The ECS cluster with both Fargate capacity providers. Each service sets its
 * own FARGATE / FARGATE_SPOT strategy; the cluster default (all on-demand) only
 * applies to one-off tasks. Container Insights is on because the processor's
 * backlog-per-task scaling divides by its RunningTaskCount metric. In a fresh
 * account it can also create the ECS service-linked role, and then makes the
 * cluster and its capacity providers wait for it.
 */
export class ClusterConstruct extends Construct {
  public readonly cluster: EcsCluster;
  /** Services must depend on this: a strategy naming a provider fails until it is attached. */
  public readonly capacityProviders: EcsClusterCapacityProviders;
  /** AWSServiceRoleForECS when `createServiceLinkedRole`, else undefined. */
  public readonly serviceLinkedRole?: IamServiceLinkedRole;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.name)) {
      throw new Error(`ClusterConstruct: invalid cluster name "${props.name}"`);
    }
    if (props.createServiceLinkedRole) {
      this.serviceLinkedRole = new IamServiceLinkedRole(this, 'service-linked-role', {
        awsServiceName: ECS_SERVICE_PRINCIPAL,
      });
    }
    // Services depend on the capacity providers, so they wait for the role too.
    const serviceLinkedRole = this.serviceLinkedRole ? [this.serviceLinkedRole] : undefined;
    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      dependsOn: serviceLinkedRole,
    });
    this.capacityProviders = new EcsClusterCapacityProviders(this, 'capacity-providers', {
      clusterName: this.cluster.name,
      capacityProviders: [FARGATE, FARGATE_SPOT],
      defaultCapacityProviderStrategy: [{ capacityProvider: FARGATE, weight: 1, base: 0 }],
      dependsOn: serviceLinkedRole,
    });
  }
}
