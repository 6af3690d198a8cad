import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { synthJson } from '../testing/fixtures';
import { ClusterConstruct } from './cluster.construct';

describe(ClusterConstruct.name, () => {
  it('attaches FARGATE and FARGATE_SPOT and enables Container Insights', () => {
    const { synth } = synthJson((scope) => {
      new ClusterConstruct(scope, 'sut', { name: 'orders-dev' });
    });
    expect(synth).toHaveResourceWithProperties(EcsCluster, {
      name: 'orders-dev',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    expect(synth).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      capacity_providers: ['FARGATE', 'FARGATE_SPOT'],
    });
  });

  it('rejects an invalid name', () => {
    expect(() => synthJson((scope) => new ClusterConstruct(scope, 'sut', { name: 'orders dev' }))).toThrow(
      /cluster name/,
    );
  });
});
