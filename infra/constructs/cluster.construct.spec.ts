import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { resourcesOf, synthJson } from '../testing/fixtures';
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

  it('creates no service-linked role by default, and nothing waits for one', () => {
    const { json } = synthJson((scope) => {
      new ClusterConstruct(scope, 'sut', { name: 'orders-dev' });
    });
    expect(resourcesOf(json, 'aws_iam_service_linked_role')).toHaveLength(0);
    expect(resourcesOf(json, 'aws_ecs_cluster')[0].depends_on).toBeUndefined();
    expect(resourcesOf(json, 'aws_ecs_cluster_capacity_providers')[0].depends_on).toBeUndefined();
  });

  it('creates the ECS service-linked role when asked, before the cluster and its capacity providers', () => {
    const { synth, json } = synthJson((scope) => {
      new ClusterConstruct(scope, 'sut', { name: 'orders-dev', createServiceLinkedRole: true });
    });
    expect(synth).toHaveResourceWithProperties(IamServiceLinkedRole, {
      aws_service_name: 'ecs.amazonaws.com',
    });
    const [roleId] = Object.keys(json.resource?.aws_iam_service_linked_role ?? {});
    for (const type of ['aws_ecs_cluster', 'aws_ecs_cluster_capacity_providers']) {
      expect(resourcesOf(json, type)[0].depends_on).toEqual([`aws_iam_service_linked_role.${roleId}`]);
    }
  });

  it('rejects an invalid name', () => {
    expect(() => synthJson((scope) => new ClusterConstruct(scope, 'sut', { name: 'orders dev' }))).toThrow(
      /cluster name/,
    );
  });
});
