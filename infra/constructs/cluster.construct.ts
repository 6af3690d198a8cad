import { Construct } from 'constructs';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';

export interface ClusterProps {
  /** Cluster name, e.g. `orders-dev`. */
  readonly name: string;
}

export const FARGATE = 'FARGATE';
export const FARGATE_SPOT = 'FARGATE_SPOT';

/**
 * The ECS cluster with both Fargate capacity providers. Each service sets its
 * own FARGATE / FARGATE_SPOT strategy; the cluster default (all on-demand) only
 * applies to one-off tasks. Container Insights is on because the processor's
 * backlog-per-task scaling divides by its RunningTaskCount metric.
 */
export class ClusterConstruct extends Construct {
  public readonly cluster: EcsCluster;
  /** Services must depend on this: a strategy naming a provider fails until it is attached. */
  public readonly capacityProviders: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.name)) {
      throw new Error(`ClusterConstruct: invalid cluster name "${props.name}"`);
    }
    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    this.capacityProviders = new EcsClusterCapacityProviders(this, 'capacity-providers', {
      clusterName: this.cluster.name,
      capacityProviders: [FARGATE, FARGATE_SPOT],
      defaultCapacityProviderStrategy: [{ capacityProvider: FARGATE, weight: 1, base: 0 }],
    });
  }
}
