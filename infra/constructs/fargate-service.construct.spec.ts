import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  synthJson,
  TEST_AWS,
  TEST_KMS_KEY_ARN,
} from '../testing/fixtures';
import { ClusterConstruct } from './cluster.construct';
import { FargateServiceConstruct, FargateServiceProps } from './fargate-service.construct';

describe(FargateServiceConstruct.name, () => {
  const props = (cluster: ClusterConstruct): FargateServiceProps => ({
    appName: 'order-processor',
    prefix: 'orders-dev',
    aws: TEST_AWS,
    cluster,
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-dev/order-processor:abc',
    user: '1000:1000',
    repositoryArn: 'arn:aws:ecr:eu-west-1:123456789012:repository/orders-dev/order-processor',
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    capacity: { fargateBase: 0, fargateWeight: 1, spotWeight: 4 },
    containerPort: 3001,
    healthCheckPath: '/health',
    stopTimeoutSeconds: 120,
    environment: { PROCESSOR_PORT: '3001', ORDERS_QUEUE_URL: 'https://sqs/queue' },
    taskPolicy: [
      { sid: 'Consume', actions: ['sqs:ReceiveMessage'], resources: ['arn:aws:sqs:eu-west-1:1:q'] },
    ],
    vpcId: 'vpc-1',
    subnetIds: ['subnet-private-a', 'subnet-private-b'],
    egress: [{ fqn: 'aws_route_table_association.private' }],
    kmsKeyArn: TEST_KMS_KEY_ARN,
    logRetentionDays: 14,
  });
  const build = (
    overrides: (scope: Construct, cluster: ClusterConstruct) => Partial<FargateServiceProps> = () => ({}),
  ) =>
    synthJson((scope) => {
      const cluster = new ClusterConstruct(scope, 'cluster', { name: 'orders-dev' });
      new FargateServiceConstruct(scope, 'sut', { ...props(cluster), ...overrides(scope, cluster) });
    });
  const container = (json: ReturnType<typeof build>['json']) =>
    JSON.parse(onlyResource(json, 'aws_ecs_task_definition').container_definitions as string)[0];

  it('splits tasks between FARGATE and FARGATE_SPOT by the given weights', () => {
    expect(build().synth).toHaveResourceWithProperties(EcsService, {
      name: 'order-processor',
      capacity_provider_strategy: [
        { capacity_provider: 'FARGATE', base: 0, weight: 1 },
        { capacity_provider: 'FARGATE_SPOT', base: 0, weight: 4 },
      ],
    });
  });

  it('lets the strategy change on a deployed service (the provider refuses it without force_new_deployment)', () => {
    expect(build().synth).toHaveResourceWithProperties(EcsService, { force_new_deployment: true });
  });

  it('runs in private subnets without a public IP', () => {
    expect(build().synth).toHaveResourceWithProperties(EcsService, {
      network_configuration: expect.objectContaining({
        subnets: ['subnet-private-a', 'subnet-private-b'],
        assign_public_ip: false,
      }),
    });
  });

  it('defines a Fargate task with the image, environment, health check and stop timeout', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(EcsTaskDefinition, {
      family: 'orders-dev-order-processor',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '256',
      memory: '512',
    });
    const sut = container(json);
    expect(sut.image).toMatch(/:abc$/);
    expect(sut.stopTimeout).toBe(120);
    expect(sut.readonlyRootFilesystem).toBe(true);
    expect(sut.environment).toEqual([
      { name: 'ORDERS_QUEUE_URL', value: 'https://sqs/queue' },
      { name: 'PROCESSOR_PORT', value: '3001' },
    ]);
    expect(sut.healthCheck.command.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(sut.healthCheck.command[3]).toContain("fetch('http://127.0.0.1:3001/health')");
    expect(sut.logConfiguration.logDriver).toBe('awslogs');
  });

  it("logs to a Standard-class group, in which CloudWatch extracts the apps' embedded metrics", () => {
    expect(build().synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      log_group_class: 'STANDARD',
      kms_key_id: TEST_KMS_KEY_ARN,
    });
  });

  it('runs the container as the given non-root user, without any Linux capability, on a read-only root', () => {
    const sut = container(build().json);
    expect(sut.user).toBe('1000:1000');
    expect(sut.readonlyRootFilesystem).toBe(true);
    expect(sut.linuxParameters).toEqual({ initProcessEnabled: true, capabilities: { drop: ['ALL'] } });
  });

  it('gives the task role exactly the given statements and the execution role only its own image and logs', () => {
    const { json } = build();
    const policies = resourcesOf(json, 'aws_iam_role_policy').map((policy) => parsePolicy(policy));
    const task = policies.find((policy) => policy.Statement.some((s) => s.Sid === 'Consume'))!;
    expect(task.Statement).toEqual([
      {
        Sid: 'Consume',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage'],
        Resource: 'arn:aws:sqs:eu-west-1:1:q',
      },
    ]);
    const execution = policies.find((policy) => policy.Statement.some((s) => s.Sid === 'PullOwnImage'))!;
    expect(execution.Statement.find((s) => s.Sid === 'PullOwnImage')!.Resource).toBe(
      'arn:aws:ecr:eu-west-1:123456789012:repository/orders-dev/order-processor',
    );
    expect(execution.Statement.find((s) => s.Sid === 'WriteOwnLogs')!.Resource).toMatch(
      /cloudwatch_log_group.*:\*$/,
    );
  });

  it('passes secrets by reference and lets only the execution role read exactly those', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-dev/key-AbCdEf';
    const { json } = build(() => ({ secrets: { SIGNING_KEY: secretArn } }));
    expect(container(json).secrets).toEqual([{ name: 'SIGNING_KEY', valueFrom: secretArn }]);
    expect(JSON.stringify(container(json).environment)).not.toContain('SIGNING_KEY');
    const policies = resourcesOf(json, 'aws_iam_role_policy').map((policy) => parsePolicy(policy));
    const execution = policies.find((policy) => policy.Statement.some((s) => s.Sid === 'PullOwnImage'))!;
    expect(execution.Statement.find((s) => s.Sid === 'ReadOwnSecrets')).toMatchObject({
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secretArn,
    });
    const task = policies.find((policy) => policy.Statement.some((s) => s.Sid === 'Consume'))!;
    expect(JSON.stringify(task)).not.toContain('secretsmanager');
  });

  it('gives the execution role no secret access and the container no secrets without secrets', () => {
    const { json } = build();
    expect(container(json).secrets).toBeUndefined();
    expect(JSON.stringify(resourcesOf(json, 'aws_iam_role_policy'))).not.toContain('secretsmanager');
  });

  it('lets nothing in without an ingress source', () => {
    const group = onlyResource(build().json, 'aws_security_group');
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([
      expect.objectContaining({ from_port: 443, to_port: 443, protocol: 'tcp' }),
    ]);
  });

  it('names its security group by prefix and replaces it create-before-destroy', () => {
    const group = onlyResource(build().json, 'aws_security_group');
    expect(group).toMatchObject({
      name_prefix: 'orders-dev-order-processor-',
      tags: { Name: 'orders-dev-order-processor' },
      lifecycle: { create_before_destroy: true },
    });
    expect(group.name).toBeUndefined();
  });

  it('lets only the given security group reach the container port and registers with the target group', () => {
    const { synth, json } = build(() => ({
      ingressFromSecurityGroupId: 'sg-alb',
      loadBalancer: { targetGroupArn: 'arn:tg', listener: { fqn: 'aws_lb_listener.x' } },
    }));
    const group = onlyResource(json, 'aws_security_group');
    expect(group.ingress).toEqual([
      expect.objectContaining({
        from_port: 3001,
        to_port: 3001,
        security_groups: ['sg-alb'],
        cidr_blocks: null,
      }),
    ]);
    expect(synth).toHaveResourceWithProperties(EcsService, {
      load_balancer: [
        { target_group_arn: 'arn:tg', container_name: 'order-processor', container_port: 3001 },
      ],
    });
  });

  it('waits for the deployment and fails the apply when ECS rolled back to another revision', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(EcsService, { wait_for_steady_state: true });
    const service = onlyResource(json, 'aws_ecs_service');
    expect(service.lifecycle).toMatchObject({
      ignore_changes: ['desired_count'],
      postcondition: [
        {
          condition: expect.stringMatching(
            /^\$\{\(?self\.task_definition == aws_ecs_task_definition\.sut_task_\w+\.arn\)?}$/,
          ),
          error_message: expect.stringMatching(/did not become the running one/),
        },
      ],
    });
  });

  it('rolls a deployment back when one of the given alarms goes off, and watches none without them', () => {
    const alarmNames = ['orders-dev-order-receiver-deploy-5xx', 'orders-dev-order-receiver-deploy-unhealthy'];
    expect(build(() => ({ deploymentAlarms: { alarmNames } })).synth).toHaveResourceWithProperties(
      EcsService,
      { alarms: { alarm_names: alarmNames, enable: true, rollback: true } },
    );
    expect(onlyResource(build().json, 'aws_ecs_service').alarms).toBeUndefined();
  });

  it('starts tasks only once both roles have their policies and the subnets have egress', () => {
    const service = onlyResource(build().json, 'aws_ecs_service');
    const dependsOn = service.depends_on as string[];
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_iam_role_policy\.sut_task-policy_\w+$/),
        expect.stringMatching(/^aws_iam_role_policy\.sut_execution-policy_\w+$/),
        'aws_route_table_association.private',
      ]),
    );
  });

  it.each([
    [{ egress: [] }, /egress/],
    [{ deploymentAlarms: { alarmNames: [] } }, /deploymentAlarms/],
    [{ stopTimeoutSeconds: 300 }, /stopTimeoutSeconds/],
    [{ environment: { AWS_ENDPOINT_URL: 'http://localhost:4566' } }, /AWS_ENDPOINT_URL/],
    [{ environment: { AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567' } }, /AWS_ENDPOINT_URL_DYNAMODB/],
    [{ environment: { COGNITO_JWKS_URL: 'http://localhost:5000/jwks.json' } }, /COGNITO_JWKS_URL/],
    [{ environment: { AUTH_DISABLED: 'true' } }, /AUTH_DISABLED/],
    [{ secrets: { AUTH_DISABLED: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' } }, /AUTH_DISABLED/],
    [{ environment: { KEY: 'a' }, secrets: { KEY: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' } }, /KEY/],
    [{ taskPolicy: [{ sid: 'All', actions: ['sqs:*'], resources: ['*'] }] }, /wildcard/],
    [{ cpu: 256, memory: 4096 }, /Fargate memory/],
    [{ user: 'root' }, /non-root user/],
    [{ user: '0:0' }, /non-root user/],
    [{ user: '' }, /non-root user/],
  ])('rejects %p', (overrides, error) => {
    expect(() => build(() => overrides as Partial<FargateServiceProps>)).toThrow(error);
  });
});
