import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { AppPrincipal, HTTP_SETTINGS } from '@app/aws-resources';
import { findRepoRoot } from '../lib/paths';
import { albPathMatches, parsePolicy, resourcesOf, TerraformJson } from '../testing/fixtures';
import { synthesizedTaskPolicy, synthOrdersStack } from '../testing/orders-stack';
import { loadStackConfig, RECEIVER_CPU_TARGET_PERCENT } from '../config/stack-config';
import { OrdersStack } from './orders.stack';

type Container = {
  name: string;
  environment: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  stopTimeout: number;
  image: string;
  healthCheck: { command: string[] };
};
function containers(json: TerraformJson): Record<string, Container> {
  const entries = resourcesOf(json, 'aws_ecs_task_definition').map((task) => {
    const [container] = JSON.parse(task.container_definitions as string) as Container[];
    return [container.name, container] as const;
  });
  return Object.fromEntries(entries);
}
/** The target of each receiver autoscaling policy, by its predefined metric. */
function receiverTargets(json: TerraformJson): Record<string, number> {
  type Tracking = {
    target_value: number;
    predefined_metric_specification?: { predefined_metric_type: string };
  };
  const entries = resourcesOf(json, 'aws_appautoscaling_policy')
    .filter((policy) => String(policy.name).includes('aws_ecs_service.receiver_'))
    .map((policy) => policy.target_tracking_scaling_policy_configuration as Tracking)
    .map((t) => [t.predefined_metric_specification!.predefined_metric_type, t.target_value] as const);
  return Object.fromEntries(entries);
}

/** The DynamoDB tables by Terraform address, without the hash cdktf appends to it. */
function tables(json: TerraformJson): Record<string, Record<string, unknown>> {
  const entries = Object.entries(json.resource?.aws_dynamodb_table ?? {});
  return Object.fromEntries(entries.map(([address, body]) => [address.replace(/_[0-9A-F]+$/, ''), body]));
}

describe(OrdersStack.name, () => {
  describe('dev (defaults)', () => {
    const dev = synthOrdersStack({ INFRA_ENVIRONMENT: 'dev' });
    const { synth, json } = dev;
    const taskPolicy = (app: AppPrincipal) =>
      synthesizedTaskPolicy(dev, app).Statement.map(({ Action, Resource }) => ({ Action, Resource }));

    it('keeps a receiver base on FARGATE and adds Spot by weight', () => {
      expect(synth).toHaveResourceWithProperties(EcsService, {
        name: 'order-receiver',
        capacity_provider_strategy: [
          { capacity_provider: 'FARGATE', base: 1, weight: 1 },
          { capacity_provider: 'FARGATE_SPOT', base: 0, weight: 1 },
        ],
      });
    });

    it('scales the receiver on CPU and on ALB requests per task, at the configured targets', () => {
      expect(receiverTargets(json)).toEqual({
        ECSServiceAverageCPUUtilization: RECEIVER_CPU_TARGET_PERCENT,
        ALBRequestCountPerTarget: loadStackConfig({}).receiver.targetRequestsPerTask,
      });
    });

    it('health-checks both containers on liveness, so a dependency outage does not replace tasks', () => {
      const byName = containers(json);
      expect(byName['order-receiver'].healthCheck.command.join(' ')).toContain('/health/live');
      expect(byName['order-processor'].healthCheck.command.join(' ')).toContain('/health/live');
    });

    it('closes idle ALB connections before the receiver does (HTTP_SETTINGS, shared with the app)', () => {
      expect(synth).toHaveResourceWithProperties(Lb, { idle_timeout: HTTP_SETTINGS.albIdleTimeoutSeconds });
      expect(HTTP_SETTINGS.keepAliveTimeoutMs).toBeGreaterThan(HTTP_SETTINGS.albIdleTimeoutSeconds * 1000);
    });

    it('health-checks receiver targets on liveness, so a dependency brownout does not replace them', () => {
      expect(synth).toHaveResourceWithProperties(LbTargetGroup, {
        health_check: expect.objectContaining({ path: '/health/live' }),
      });
    });

    it('forwards the API, readiness and docs through the ALB, never /metrics', () => {
      const patterns = resourcesOf(json, 'aws_lb_listener_rule').flatMap((rule) =>
        (rule.condition as { path_pattern: { values: string[] } }[]).flatMap(
          (condition) => condition.path_pattern.values,
        ),
      );
      const forwarded = (path: string) => patterns.some((pattern) => albPathMatches(pattern, path));
      for (const path of ['/orders/sync', '/orders/async', '/orders/o-1', '/health', '/docs', '/docs-json']) {
        expect(forwarded(path)).toBe(true);
      }
      expect(forwarded('/customers/c-1/orders/o-1')).toBe(true);
      for (const path of ['/metrics', '/METRICS', '/metrics/']) expect(forwarded(path)).toBe(false);
      // Every route of the published contract reaches the receiver, or it is a 404 on AWS only.
      const contract = JSON.parse(readFileSync(join(findRepoRoot(), 'docs/openapi.json'), 'utf8')) as {
        paths: Record<string, unknown>;
      };
      for (const route of Object.keys(contract.paths)) {
        expect({ route, forwarded: forwarded(route.replace(/\{(\w+)\}/g, 'x-$1')) }).toEqual({
          route,
          forwarded: true,
        });
      }
    });

    it('starts each service only after its roles have their policies and the private subnets have routes out', () => {
      const services = resourcesOf(json, 'aws_ecs_service');
      expect(services).toHaveLength(2);
      for (const service of services) {
        const dependsOn = service.depends_on as string[];
        const app = service.name === 'order-receiver' ? 'receiver' : 'processor';
        for (const pattern of [
          new RegExp(`^aws_iam_role_policy\\.${app}_task-policy_`),
          new RegExp(`^aws_iam_role_policy\\.${app}_execution-policy_`),
          /^aws_route_table_association\.network_private-0-routes-association_/,
          /^aws_route_table_association\.network_private-1-routes-association_/,
          /^aws_nat_gateway\.network_nat-0_/,
          /^aws_vpc_endpoint\.network_dynamodb-endpoint_/,
          /^aws_vpc_endpoint\.network_s3-endpoint_/,
        ]) {
          expect(dependsOn.some((dependency) => pattern.test(dependency))).toBe(true);
        }
        expect(service.wait_for_steady_state).toBe(true);
      }
    });

    it('alarms on missing tasks per service, failed SNS deliveries and DynamoDB trouble, not on Route 53 without a zone', () => {
      const names = resourcesOf(json, 'aws_cloudwatch_metric_alarm').map((alarm) => alarm.alarm_name);
      expect(names).toEqual(
        expect.arrayContaining([
          'orders-dev-order-receiver-tasks-below-desired',
          'orders-dev-order-processor-tasks-below-desired',
          'orders-dev-sns-delivery-failed',
          'orders-dev-dynamodb-throttled',
          'orders-dev-dynamodb-system-errors',
        ]),
      );
      expect(names).not.toContain('orders-dev-route53-health-check');
      const topic = resourcesOf(json, 'aws_cloudwatch_metric_alarm').find(
        (alarm) => alarm.alarm_name === 'orders-dev-sns-delivery-failed',
      )!;
      expect(topic.dimensions).toEqual({
        TopicName: expect.stringMatching(/aws_sns_topic\.messaging_topic_\w+\.name/),
      });
    });

    it('runs the processor mostly on Spot', () => {
      expect(synth).toHaveResourceWithProperties(EcsService, {
        name: 'order-processor',
        capacity_provider_strategy: [
          { capacity_provider: 'FARGATE', base: 0, weight: 1 },
          { capacity_provider: 'FARGATE_SPOT', base: 0, weight: 4 },
        ],
      });
    });

    it('gives the receiver exactly sns:Publish on the topic and item access on the table', () => {
      expect(taskPolicy('order-receiver')).toEqual([
        {
          Action: ['sns:Publish', 'sns:GetTopicAttributes'],
          Resource: expect.stringMatching(/^\$\{aws_sns_topic\.messaging_topic_\w+\.arn}$/),
        },
        {
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          Resource: expect.stringMatching(/^\$\{aws_dynamodb_table\.customer-orders_table_\w+\.arn}$/),
        },
        {
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: expect.stringMatching(/aws_kms_key\.encryption_key_\w+\.arn/),
        },
      ]);
    });

    it('gives the processor the queue (sending too: requeue on the last receive), the DLQ and the table', () => {
      expect(taskPolicy('order-processor')).toEqual([
        {
          Action: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:SendMessage',
          ],
          Resource: expect.stringMatching(/^\$\{aws_sqs_queue\.messaging_queue_\w+\.arn}$/),
        },
        {
          Action: ['sqs:SendMessage'],
          Resource: expect.stringMatching(/^\$\{aws_sqs_queue\.messaging_dead-letter-queue_\w+\.arn}$/),
        },
        {
          Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
          Resource: expect.stringMatching(/^\$\{aws_dynamodb_table\.customer-orders_table_\w+\.arn}$/),
        },
        {
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: expect.stringMatching(/aws_kms_key\.encryption_key_\w+\.arn/),
        },
      ]);
    });

    it('sets the environment both apps expect, and never AWS_ENDPOINT_URL', () => {
      const { 'order-receiver': receiver, 'order-processor': processor } = containers(json);
      const names = (container: Container) => container.environment.map((variable) => variable.name).sort();
      expect(names(receiver)).toEqual(
        [
          'AWS_REGION',
          'FAILURE_RATE',
          'LOG_LEVEL',
          'NODE_OPTIONS',
          'ORDERS_TABLE_NAME',
          'ORDERS_TOPIC_ARN',
          'PORT',
          'PROCESSING_TIME_MS',
          'THROTTLE_LIMIT',
          'THROTTLE_TTL_MS',
          'TRUST_PROXY_HOPS',
          'COGNITO_USER_POOL_ID',
          'COGNITO_CUSTOMER_CLIENT_ID',
          'COGNITO_SERVICE_CLIENT_IDS',
          'API_DOCS_ENABLED',
          'SHUTDOWN_DRAIN_DELAY_MS',
        ].sort(),
      );
      expect(names(processor)).toEqual(
        [
          'AWS_REGION',
          'FAILURE_RATE',
          'LOG_LEVEL',
          'NODE_OPTIONS',
          'ORDERS_DLQ_URL',
          'ORDERS_QUEUE_URL',
          'ORDERS_TABLE_NAME',
          'PROCESSING_TIME_MS',
          'PROCESSOR_CONCURRENCY',
          'PROCESSOR_PORT',
          'SHUTDOWN_TIMEOUT_MS',
        ].sort(),
      );
      const value = (container: Container, name: string) =>
        container.environment.find((v) => v.name === name)?.value;
      expect(value(receiver, 'PORT')).toBe('3000');
      expect(value(receiver, 'TRUST_PROXY_HOPS')).toBe('1');
      expect(value(processor, 'PROCESSOR_PORT')).toBe('3001');
      expect(value(processor, 'SHUTDOWN_TIMEOUT_MS')).toBe('90000');
      expect(value(processor, 'PROCESSOR_CONCURRENCY')).toBe('10');
      expect(processor.stopTimeout).toBe(120);
      // dev tasks have 512 MiB: the heap limit is sized from it, not from the host.
      expect(value(receiver, 'NODE_OPTIONS')).toBe('--max-semi-space-size=2 --max-old-space-size=307');
      expect(value(processor, 'NODE_OPTIONS')).toBe(value(receiver, 'NODE_OPTIONS'));
    });

    it('never gives a task COGNITO_JWKS_URL or AUTH_DISABLED, as a value or a secret', () => {
      const tasks = resourcesOf(json, 'aws_ecs_task_definition');
      expect(tasks).toHaveLength(2);
      for (const task of tasks) {
        for (const container of JSON.parse(task.container_definitions as string) as Container[]) {
          const names = [...container.environment, ...(container.secrets ?? [])].map((v) => v.name);
          expect(names).not.toContain('COGNITO_JWKS_URL');
          expect(names).not.toContain('AUTH_DISABLED');
        }
      }
    });

    it('points the receiver at the user pool and its clients, the processor at none of them', () => {
      const { 'order-receiver': receiver, 'order-processor': processor } = containers(json);
      const value = (name: string) => receiver.environment.find((v) => v.name === name)?.value;
      expect(value('COGNITO_USER_POOL_ID')).toMatch(
        /^\$\{aws_cognito_user_pool\.identity_user-pool_\w+\.id}$/,
      );
      expect(value('COGNITO_CUSTOMER_CLIENT_ID')).toMatch(
        /^\$\{aws_cognito_user_pool_client\.identity_customer-client_\w+\.id}$/,
      );
      expect(value('COGNITO_SERVICE_CLIENT_IDS')).toMatch(
        /^\$\{aws_cognito_user_pool_client\.identity_service-client_\w+\.id}$/,
      );
      expect(processor.environment.some((v) => v.name.startsWith('COGNITO_'))).toBe(false);
      expect(processor.secrets).toBeUndefined();
    });

    it('gives the receiver STATUS_URL_SIGNING_KEY from its secret, which only its execution role may read', () => {
      const { 'order-receiver': receiver } = containers(json);
      const secretArn = expect.stringMatching(
        /^\$\{aws_secretsmanager_secret\.status-url-signing-key_secret_\w+\.arn}$/,
      );
      expect(receiver.secrets).toEqual([{ name: 'STATUS_URL_SIGNING_KEY', valueFrom: secretArn }]);
      expect(receiver.environment.map((v) => v.name)).not.toContain('STATUS_URL_SIGNING_KEY');
      const executionPolicy = (app: string) =>
        parsePolicy(
          resourcesOf(json, 'aws_iam_role_policy').find((policy) =>
            String(policy.role).includes(`aws_iam_role.${app}_execution-role_`),
          )!,
        );
      const reads = (app: string) =>
        executionPolicy(app).Statement.filter((statement) =>
          statement.Action.some((action) => action.startsWith('secretsmanager:')),
        );
      expect(reads('receiver')).toEqual([
        expect.objectContaining({ Action: ['secretsmanager:GetSecretValue'], Resource: secretArn }),
      ]);
      expect(reads('processor')).toEqual([]);
      // The secret is encrypted with the stack key, which the execution role may decrypt.
      const secret = resourcesOf(json, 'aws_secretsmanager_secret')[0];
      expect(secret.kms_key_id).toMatch(/aws_kms_key\.encryption_key_\w+\.arn/);
      expect(executionPolicy('receiver').Statement).toContainEqual(
        expect.objectContaining({ Action: ['kms:Decrypt'], Resource: secret.kms_key_id }),
      );
    });

    it('never writes a secret value into the configuration or the state', () => {
      expect(synth).not.toMatch(/"secret_string"/);
      expect(resourcesOf(json, 'aws_secretsmanager_secret_version')).toEqual([
        expect.objectContaining({
          secret_string_wo: expect.stringMatching(/^\$\{ephemeral\.aws_secretsmanager_random_password\./),
        }),
      ]);
    });

    it('outputs the pool, both client ids, the token URL and how to get a token', () => {
      const output = (name: string) => json.output![name].value as string;
      expect(output('user_pool_id')).toMatch(/aws_cognito_user_pool\.identity_user-pool_\w+\.id/);
      expect(output('customer_client_id')).toMatch(/identity_customer-client_\w+\.id/);
      expect(output('service_client_id')).toMatch(/identity_service-client_\w+\.id/);
      expect(output('token_url')).toMatch(
        /^https:\/\/\$\{aws_cognito_user_pool_domain\.identity_domain_\w+\.domain}\.auth\.us-east-1\.amazoncognito\.com\/oauth2\/token$/,
      );
      expect(output('token_hint')).toContain('grant_type=client_credentials');
      expect(output('token_hint')).toContain(output('token_url'));
    });

    it('names the pool domain after the environment and the account, since prefixes are global', () => {
      const domain = resourcesOf(json, 'aws_cognito_user_pool_domain')[0];
      expect(domain.domain).toMatch(/^orders-dev-\$\{data\.aws_caller_identity\.caller\.account_id}$/);
    });

    it('deploys images tagged by content hash, not latest', () => {
      for (const container of Object.values(containers(json))) {
        expect(container.image).toMatch(/:feedfacecafe0001$/);
      }
      expect(resourcesOf(json, 'terraform_data')).toHaveLength(2);
    });

    it('keeps its own local state file in infra/', () => {
      expect((json as { terraform: { backend: unknown } }).terraform.backend).toEqual({
        local: { path: '/repo/infra/terraform.orders-dev.tfstate' },
      });
    });

    it('has no failover without a hosted zone, and outputs the URLs', () => {
      expect(resourcesOf(json, 'aws_route53_record')).toHaveLength(0);
      expect(resourcesOf(json, 'aws_s3_bucket')).toHaveLength(0);
      expect(Object.keys(json.output!)).toEqual(
        expect.arrayContaining([
          'alb_url',
          'swagger_url',
          'queue_url',
          'table_name',
          'receiver_repository_url',
          'processor_repository_url',
        ]),
      );
      expect(json.output!.swagger_url.value).toMatch(/^http:\/\/\$\{aws_lb\.\S+\.dns_name}\/docs$/);
    });

    it('lets only the ALB reach the receiver and nothing reach the processor', () => {
      const groups = resourcesOf(json, 'aws_security_group');
      const byName = (name: string) => groups.find((group) => group.name === name)!;
      expect(byName('orders-dev-order-receiver').ingress).toEqual([
        expect.objectContaining({
          from_port: 3000,
          security_groups: [
            expect.stringMatching(/aws_security_group\.load-balancer_security-group_\w+\.id/),
          ],
        }),
      ]);
      expect(byName('orders-dev-order-processor').ingress).toEqual([]);
    });
  });

  describe('prod with a domain and a certificate', () => {
    const { synth, json } = synthOrdersStack({
      INFRA_ENVIRONMENT: 'prod',
      INFRA_HOSTED_ZONE: 'example.com',
      INFRA_RECORD_NAME: 'orders.example.com',
      INFRA_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
    });

    it('builds failover records to the ALB and the standby bucket of the same name', () => {
      const records = resourcesOf(json, 'aws_route53_record');
      expect(
        records.map((record) => [record.name, (record.failover_routing_policy as { type: string }).type]),
      ).toEqual([
        ['orders.example.com', 'PRIMARY'],
        ['orders.example.com', 'SECONDARY'],
      ]);
      expect(resourcesOf(json, 'aws_s3_bucket')[0].bucket).toBe('orders.example.com');
      expect(json.output!.failover_record.value).toBe('orders.example.com');
    });

    it('health-checks the ALB over HTTPS when there is a certificate', () => {
      expect(resourcesOf(json, 'aws_route53_health_check')[0]).toMatchObject({
        type: 'HTTPS',
        port: 443,
        resource_path: '/health',
      });
      expect(json.output!.alb_url.value).toMatch(/^https:\/\//);
    });

    it('alarms on the Route 53 health check in the stack region (us-east-1) with the stack topic', () => {
      const alarm = resourcesOf(json, 'aws_cloudwatch_metric_alarm').find(
        (body) => body.alarm_name === 'orders-prod-route53-health-check',
      )!;
      expect(alarm).toMatchObject({
        metric_name: 'HealthCheckStatus',
        dimensions: {
          HealthCheckId: expect.stringMatching(/aws_route53_health_check\.failover_alb-health_\w+\.id/),
        },
        alarm_actions: [expect.stringMatching(/aws_sns_topic\.alarms_topic_\w+\.arn/)],
      });
      expect(alarm.provider).toBeUndefined();
    });

    it('keeps one processor on on-demand FARGATE, since ECS never falls back from Spot', () => {
      expect(synth).toHaveResourceWithProperties(EcsService, {
        name: 'order-processor',
        capacity_provider_strategy: [
          { capacity_provider: 'FARGATE', base: 1, weight: 1 },
          { capacity_provider: 'FARGATE_SPOT', base: 0, weight: 4 },
        ],
      });
    });

    it('uses a NAT gateway per AZ, protects both tables and names nothing like dev', () => {
      expect(resourcesOf(json, 'aws_nat_gateway')).toHaveLength(2);
      const protectedTable = { deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } };
      expect(tables(json)).toEqual({
        [`customer-orders_table`]: expect.objectContaining({
          name: 'orders-prod-customer-orders',
          ...protectedTable,
        }),
        [`data_table`]: expect.objectContaining({ name: 'orders-prod-table', ...protectedTable }),
      });
      expect(synth).not.toContain('orders-dev');
    });

    it('keeps the legacy table at the Terraform address the orders table had, keyed by orderId alone', () => {
      expect(tables(json).data_table).toMatchObject({
        hash_key: 'orderId',
        attribute: [{ name: 'orderId', type: 'S' }],
      });
      expect(tables(json)['customer-orders_table']).toMatchObject({
        hash_key: 'customerId',
        range_key: 'orderId',
      });
    });
  });

  describe('prod once the legacy table is retired (INFRA_RETAIN_LEGACY_TABLE=false)', () => {
    const { json } = synthOrdersStack({ INFRA_ENVIRONMENT: 'prod', INFRA_RETAIN_LEGACY_TABLE: 'false' });

    it('declares only the customer-keyed table', () => {
      expect(Object.values(tables(json)).map((table) => table.name)).toEqual(['orders-prod-customer-orders']);
    });
  });

  describe('prod with its own request target', () => {
    const { json } = synthOrdersStack({
      INFRA_ENVIRONMENT: 'prod',
      INFRA_RECEIVER_REQUESTS_PER_TARGET: '4238',
    });

    it('tracks INFRA_RECEIVER_REQUESTS_PER_TARGET requests per receiver task per minute', () => {
      expect(receiverTargets(json).ALBRequestCountPerTarget).toBe(4238);
    });
  });

  describe('prod with a domain outside us-east-1', () => {
    const { json } = synthOrdersStack({
      INFRA_ENVIRONMENT: 'prod',
      INFRA_REGION: 'eu-west-1',
      INFRA_HOSTED_ZONE: 'example.com',
      INFRA_RECORD_NAME: 'orders',
    });

    it('puts the Route 53 health-check alarm in us-east-1, where Route 53 publishes its metrics', () => {
      const alarm = resourcesOf(json, 'aws_cloudwatch_metric_alarm').find(
        (body) => body.alarm_name === 'orders-prod-route53-health-check',
      )!;
      expect(alarm.provider).toBe('aws.us-east-1');
      expect(alarm.alarm_actions).toEqual([
        expect.stringMatching(/aws_sns_topic\.health-check-alarm_topic_\w+\.arn/),
      ]);
    });
  });
});
