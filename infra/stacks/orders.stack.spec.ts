import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
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

/** Prod serves HTTPS only: the least it needs is a certificate. */
const PROD_TLS = { INFRA_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123' };

describe(OrdersStack.name, () => {
  describe('with INFRA_IMAGE_TAG (images pushed by the pipeline)', () => {
    const tagged = (environment: string, extra: Record<string, string> = {}) =>
      synthOrdersStack({ INFRA_ENVIRONMENT: environment, INFRA_IMAGE_TAG: 'a1b2c3d4', ...extra }).json;
    const dev = tagged('dev');
    const prod = tagged('prod', PROD_TLS);

    it('builds nothing and creates no repository: no terraform_data step, no aws_ecr_repository', () => {
      for (const json of [dev, prod]) {
        expect(resourcesOf(json, 'terraform_data')).toHaveLength(0);
        expect(resourcesOf(json, 'aws_ecr_repository')).toHaveLength(0);
      }
    });

    it('runs the pushed tag from the shared repositories in every environment, so prod runs what dev ran', () => {
      for (const json of [dev, prod]) {
        const repositories = Object.entries(json.data?.aws_ecr_repository ?? {});
        expect(repositories.map(([, body]) => body.name).sort()).toEqual([
          'orders/order-processor',
          'orders/order-receiver',
        ]);
        const images = Object.values(json.data?.aws_ecr_image ?? {});
        expect(images.map((image) => image.image_tag)).toEqual(['a1b2c3d4', 'a1b2c3d4']);
        for (const container of Object.values(containers(json))) {
          const [key] = repositories.find(([, body]) => body.name === `orders/${container.name}`)!;
          expect(container.image).toBe(`\${data.aws_ecr_repository.${key}.repository_url}:a1b2c3d4`);
        }
      }
    });

    it("lets each execution role pull from its app's shared repository only", () => {
      const repositories = Object.entries(dev.data?.aws_ecr_repository ?? {});
      for (const app of ['receiver', 'processor']) {
        const policy = resourcesOf(dev, 'aws_iam_role_policy').find((body) =>
          String(body.role).includes(`aws_iam_role.${app}_execution-role_`),
        )!;
        const pull = parsePolicy(policy).Statement.find((statement) => statement.Sid === 'PullOwnImage')!;
        const [key] = repositories.find(([, body]) => body.name === `orders/order-${app}`)!;
        expect(pull.Resource).toBe(`\${data.aws_ecr_repository.${key}.arn}`);
      }
    });
  });

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

    it("rolls a receiver deployment back on its target group's 5xx or unhealthy targets, the processor's on neither", () => {
      const services = resourcesOf(json, 'aws_ecs_service');
      const receiver = services.find((service) => service.name === 'order-receiver')!;
      const processor = services.find((service) => service.name === 'order-processor')!;
      expect(receiver.alarms).toEqual({
        alarm_names: [
          expect.stringMatching(
            /^\$\{aws_cloudwatch_metric_alarm\.receiver-deployment-alarms_target-5xx_\w+\.alarm_name}$/,
          ),
          expect.stringMatching(
            /^\$\{aws_cloudwatch_metric_alarm\.receiver-deployment-alarms_unhealthy-targets_\w+\.alarm_name}$/,
          ),
        ],
        enable: true,
        rollback: true,
      });
      expect(processor.alarms).toBeUndefined();
      const alarm = (name: string) =>
        resourcesOf(json, 'aws_cloudwatch_metric_alarm').find((body) => body.alarm_name === name)!;
      for (const name of [
        'orders-dev-order-receiver-deploy-5xx',
        'orders-dev-order-receiver-deploy-unhealthy',
      ]) {
        expect(alarm(name).dimensions).toEqual({
          LoadBalancer: expect.stringMatching(/^\$\{aws_lb\.\S+\.arn_suffix}$/),
          TargetGroup: expect.stringMatching(/^\$\{aws_lb_target_group\.\S+\.arn_suffix}$/),
        });
      }
    });

    it('dead-letters what SNS cannot deliver, alarms on it and outputs where it is', () => {
      const subscription = resourcesOf(json, 'aws_sns_topic_subscription').find(
        (body) => body.protocol === 'sqs',
      )!;
      expect(JSON.parse(subscription.redrive_policy as string)).toEqual({
        deadLetterTargetArn: expect.stringMatching(
          /^\$\{aws_sqs_queue\.messaging_delivery-dead-letter-queue_\w+\.arn}$/,
        ),
      });
      expect(
        resourcesOf(json, 'aws_cloudwatch_metric_alarm').find(
          (alarm) => alarm.alarm_name === 'orders-dev-delivery-dlq-not-empty',
        )!.dimensions,
      ).toEqual({
        QueueName: expect.stringMatching(
          /^\$\{aws_sqs_queue\.messaging_delivery-dead-letter-queue_\w+\.name}$/,
        ),
      });
      expect(json.output!.delivery_dead_letter_queue_url.value).toMatch(
        /^\$\{aws_sqs_queue\.messaging_delivery-dead-letter-queue_\w+\.url}$/,
      );
    });

    it('puts the WAF web ACL on the load balancer, logging to a group the key policy lets CloudWatch Logs encrypt', () => {
      const association = resourcesOf(json, 'aws_wafv2_web_acl_association');
      expect(association).toEqual([
        expect.objectContaining({
          resource_arn: expect.stringMatching(/^\$\{aws_lb\.load-balancer_\S+\.arn}$/),
          web_acl_arn: expect.stringMatching(/^\$\{aws_wafv2_web_acl\.web-acl_\S+\.arn}$/),
        }),
      ]);
      const logGroup = resourcesOf(json, 'aws_cloudwatch_log_group').find((group) =>
        String(group.name).startsWith('aws-waf-logs-'),
      )!;
      expect(logGroup.kms_key_id).toMatch(/^\$\{aws_kms_key\.\S+\.arn}$/);
      const keyPolicy = parsePolicy(resourcesOf(json, 'aws_kms_key')[0]);
      const logs = keyPolicy.Statement.find((statement) => statement.Sid === 'LogsEncryptLogGroups')!;
      const pattern = (logs as unknown as { Condition: Record<string, Record<string, string>> }).Condition
        .ArnLike['kms:EncryptionContext:aws:logs:arn'];
      // The key policy names log groups by a wildcard after `log-group:`, matched like a path pattern.
      const groupPattern = pattern.slice(pattern.indexOf(':log-group:') + ':log-group:'.length);
      expect(albPathMatches(groupPattern, String(logGroup.name))).toBe(true);
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
          'EMF_METRICS_INTERVAL_MS',
          'EMF_METRICS_ENVIRONMENT',
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
          'EMF_METRICS_INTERVAL_MS',
          'EMF_METRICS_ENVIRONMENT',
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
      // Each task writes its order metrics once a minute, for the dashboard, under the environment's name.
      for (const container of [receiver, processor]) {
        expect(value(container, 'EMF_METRICS_INTERVAL_MS')).toBe('60000');
        expect(value(container, 'EMF_METRICS_ENVIRONMENT')).toBe('dev');
      }
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

    it('builds into its own repositories, orders-dev/<app>, when no INFRA_IMAGE_TAG is set', () => {
      expect(
        resourcesOf(json, 'aws_ecr_repository')
          .map((repository) => repository.name)
          .sort(),
      ).toEqual(['orders-dev/order-processor', 'orders-dev/order-receiver']);
    });

    it('keeps its own local state file in infra/ without INFRA_STATE_BUCKET', () => {
      expect((json as { terraform: { backend: unknown } }).terraform.backend).toEqual({
        local: { path: '../../../terraform.orders-dev.tfstate' },
      });
    });

    it('has no failover and no certificate without a hosted zone, and outputs the URLs', () => {
      expect(resourcesOf(json, 'aws_route53_record')).toHaveLength(0);
      expect(resourcesOf(json, 'aws_s3_bucket')).toHaveLength(0);
      expect(resourcesOf(json, 'aws_acm_certificate')).toHaveLength(0);
      expect(resourcesOf(json, 'aws_cloudfront_distribution')).toHaveLength(0);
      expect(Object.keys(json.output!)).toEqual(
        expect.arrayContaining([
          'api_url',
          'swagger_url',
          'queue_url',
          'table_name',
          'receiver_repository_url',
          'processor_repository_url',
        ]),
      );
      expect(json.output!.api_url.value).toMatch(/^http:\/\/\$\{aws_lb\.\S+\.dns_name}$/);
      expect(json.output!.swagger_url.value).toMatch(/^http:\/\/\$\{aws_lb\.\S+\.dns_name}\/docs$/);
    });

    it("creates the environment's dashboard on the stack's queue, load balancer, table and cluster, and outputs its URL", () => {
      expect(synth).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: 'orders-dev' });
      const body = String(resourcesOf(json, 'aws_cloudwatch_dashboard')[0].dashboard_body);
      for (const reference of [
        /\$\{aws_sqs_queue\.messaging_queue_\w+\.name}/,
        /\$\{aws_lb\.load-balancer_alb_\w+\.arn_suffix}/,
        /\$\{aws_dynamodb_table\.\S+\.name}/,
        /\$\{aws_ecs_cluster\.cluster_\w+\.name}/,
      ]) {
        expect(body).toMatch(reference);
      }
      expect(json.output!.dashboard_url.value).toBe(
        'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/orders-dev',
      );
    });

    it('lets only the ALB reach the receiver and nothing reach the processor', () => {
      const groups = resourcesOf(json, 'aws_security_group');
      const byName = (name: string) =>
        groups.find((group) => (group.tags as Record<string, string>).Name === name)!;
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

    it('builds failover records to the ALB and to the standby distribution', () => {
      const records = resourcesOf(json, 'aws_route53_record');
      expect(
        records.map((record) => [record.name, (record.failover_routing_policy as { type: string }).type]),
      ).toEqual([
        ['orders.example.com', 'PRIMARY'],
        ['orders.example.com', 'SECONDARY'],
      ]);
      expect(records[1].alias).toMatchObject({
        name: expect.stringMatching(/aws_cloudfront_distribution\.\S+\.domain_name/),
        zone_id: 'Z2FDTNDATAQYW2',
      });
      expect(json.output!.failover_record.value).toBe('orders.example.com');
      expect(json.output!.standby_url.value).toMatch(
        /^https:\/\/\$\{aws_cloudfront_distribution\.\S+\.domain_name}$/,
      );
    });

    it('has no public bucket, no S3 website and no record to one', () => {
      expect(resourcesOf(json, 'aws_s3_bucket_website_configuration')).toHaveLength(0);
      expect(resourcesOf(json, 'aws_s3_bucket_public_access_block')).toEqual([
        expect.objectContaining({ block_public_policy: true, restrict_public_buckets: true }),
      ]);
      for (const policy of resourcesOf(json, 'aws_s3_bucket_policy')) {
        expect(
          JSON.stringify(parsePolicy(policy).Statement.map((statement) => statement.Principal)),
        ).not.toContain('"*"');
      }
      expect(synth).not.toMatch(/website_(domain|endpoint)|s3-website/);
    });

    it('health-checks liveness through the ALB over HTTPS, so only a primary that cannot take orders fails over', () => {
      expect(resourcesOf(json, 'aws_route53_health_check')).toEqual([
        expect.objectContaining({ type: 'HTTPS', port: 443, resource_path: '/health/live' }),
      ]);
    });

    it('serves the given certificate on the ALB and, being in us-east-1, on CloudFront, and creates none', () => {
      const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123';
      expect(resourcesOf(json, 'aws_acm_certificate')).toHaveLength(0);
      expect(resourcesOf(json, 'aws_lb_listener').find((listener) => listener.port === 443)).toMatchObject({
        certificate_arn: certificate,
      });
      expect(resourcesOf(json, 'aws_cloudfront_distribution')[0].viewer_certificate).toMatchObject({
        acm_certificate_arn: certificate,
      });
    });

    it('outputs the record, not the ALB, as the API URL', () => {
      expect(json.output!.api_url.value).toBe('https://orders.example.com');
      // prod serves no API docs unless INFRA_API_DOCS says so.
      expect(json.output!.swagger_url).toBeUndefined();
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

  describe('prod with a hosted zone and no certificate', () => {
    const { synth, json } = synthOrdersStack({
      INFRA_ENVIRONMENT: 'prod',
      INFRA_HOSTED_ZONE: 'example.com',
      INFRA_RECORD_NAME: 'orders',
    });
    const validatedCertificate = expect.stringMatching(
      /^\$\{aws_acm_certificate_validation\.certificate_validation_\w+\.certificate_arn}$/,
    );

    it('creates a certificate for the record and validates it by DNS in the zone', () => {
      expect(resourcesOf(json, 'aws_acm_certificate')).toEqual([
        expect.objectContaining({ domain_name: 'orders.example.com', validation_method: 'DNS' }),
      ]);
      expect(resourcesOf(json, 'aws_acm_certificate_validation')).toHaveLength(1);
      expect(synth).toHaveResourceWithProperties(Route53Record, {
        zone_id: expect.stringMatching(/data\.aws_route53_zone\.zone\.zone_id/),
        type: '${each.value.resource_record_type}',
        allow_overwrite: true,
      });
    });

    it('serves HTTPS on 443 with the validated certificate and a current TLS policy, and redirects port 80', () => {
      const listeners = resourcesOf(json, 'aws_lb_listener');
      expect(listeners).toHaveLength(2);
      expect(listeners.find((listener) => listener.port === 443)).toMatchObject({
        protocol: 'HTTPS',
        certificate_arn: validatedCertificate,
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      });
      expect(listeners.find((listener) => listener.port === 80)).toMatchObject({
        protocol: 'HTTP',
        default_action: [expect.objectContaining({ type: 'redirect' })],
      });
    });

    it('gives CloudFront the same certificate (us-east-1), with no second provider', () => {
      expect(resourcesOf(json, 'aws_cloudfront_distribution')[0].viewer_certificate).toMatchObject({
        acm_certificate_arn: validatedCertificate,
      });
      expect((json as { provider: { aws: unknown[] } }).provider.aws).toHaveLength(1);
    });

    it('outputs the record as the API URL', () => {
      expect(json.output!.api_url.value).toBe('https://orders.example.com');
    });
  });

  describe('prod without a hosted zone or a certificate', () => {
    it('refuses to synthesize, naming both variables', () => {
      expect(() => synthOrdersStack({ INFRA_ENVIRONMENT: 'prod' })).toThrow(
        /prod serves HTTPS only: set INFRA_HOSTED_ZONE.*INFRA_CERTIFICATE_ARN/,
      );
    });
  });

  describe('prod once the legacy table is retired (INFRA_RETAIN_LEGACY_TABLE=false)', () => {
    const { json } = synthOrdersStack({
      ...PROD_TLS,
      INFRA_ENVIRONMENT: 'prod',
      INFRA_RETAIN_LEGACY_TABLE: 'false',
    });

    it('declares only the customer-keyed table', () => {
      expect(Object.values(tables(json)).map((table) => table.name)).toEqual(['orders-prod-customer-orders']);
    });
  });

  describe('a first deploy into a fresh account (INFRA_CREATE_ECS_SERVICE_LINKED_ROLE=true)', () => {
    const { json } = synthOrdersStack({ INFRA_CREATE_ECS_SERVICE_LINKED_ROLE: 'true' });

    it('creates AWSServiceRoleForECS before the capacity providers both services wait for', () => {
      const [roleId] = Object.keys(json.resource?.aws_iam_service_linked_role ?? {});
      expect(resourcesOf(json, 'aws_iam_service_linked_role')).toEqual([
        expect.objectContaining({ aws_service_name: 'ecs.amazonaws.com' }),
      ]);
      const [providersId] = Object.keys(json.resource?.aws_ecs_cluster_capacity_providers ?? {});
      expect(resourcesOf(json, 'aws_ecs_cluster_capacity_providers')[0].depends_on).toEqual([
        `aws_iam_service_linked_role.${roleId}`,
      ]);
      for (const service of resourcesOf(json, 'aws_ecs_service')) {
        expect(service.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${providersId}`);
      }
    });

    it('leaves the role alone by default (most accounts have it)', () => {
      expect(resourcesOf(synthOrdersStack({}).json, 'aws_iam_service_linked_role')).toHaveLength(0);
    });
  });

  describe('with INFRA_STATE_BUCKET (remote state)', () => {
    const backendOf = (env: Record<string, string>) =>
      (synthOrdersStack(env).json as { terraform: { backend: unknown } }).terraform.backend;

    it('keeps the state in S3 under a key per environment, in the stack region, locked', () => {
      expect(backendOf({ INFRA_STATE_BUCKET: 'orders-state-123456789012' })).toEqual({
        s3: {
          bucket: 'orders-state-123456789012',
          region: 'us-east-1',
          key: 'orders-dev/terraform.tfstate',
          use_lockfile: true,
        },
      });
    });

    it('takes the region and key from INFRA_STATE_REGION and INFRA_STATE_KEY', () => {
      expect(
        backendOf({
          INFRA_ENVIRONMENT: 'staging',
          INFRA_REGION: 'eu-west-1',
          INFRA_STATE_BUCKET: 'orders-state-123456789012',
          INFRA_STATE_REGION: 'us-east-2',
          INFRA_STATE_KEY: 'team/orders-staging.tfstate',
        }),
      ).toEqual({
        s3: {
          bucket: 'orders-state-123456789012',
          region: 'us-east-2',
          key: 'team/orders-staging.tfstate',
          use_lockfile: true,
        },
      });
    });
  });

  describe('prod with its own request target', () => {
    const { json } = synthOrdersStack({
      ...PROD_TLS,
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
    const providers = (json as { provider: { aws: { alias?: string; region: string }[] } }).provider.aws;

    it('puts the Route 53 health-check alarm in us-east-1, where Route 53 publishes its metrics', () => {
      const alarm = resourcesOf(json, 'aws_cloudwatch_metric_alarm').find(
        (body) => body.alarm_name === 'orders-prod-route53-health-check',
      )!;
      expect(alarm.provider).toBe('aws.us-east-1');
      expect(alarm.alarm_actions).toEqual([
        expect.stringMatching(/aws_sns_topic\.health-check-alarm_topic_\w+\.arn/),
      ]);
    });

    it('creates a certificate in the region for the ALB and one in us-east-1 for CloudFront, through one shared provider', () => {
      expect(providers).toEqual([
        expect.objectContaining({ region: 'eu-west-1' }),
        expect.objectContaining({ alias: 'us-east-1', region: 'us-east-1' }),
      ]);
      const certificates = resourcesOf(json, 'aws_acm_certificate');
      expect(certificates.map((certificate) => [certificate.domain_name, certificate.provider])).toEqual([
        ['orders.example.com', undefined],
        ['orders.example.com', 'aws.us-east-1'],
      ]);
      expect(resourcesOf(json, 'aws_cloudfront_distribution')[0].viewer_certificate).toMatchObject({
        acm_certificate_arn: expect.stringMatching(
          /aws_acm_certificate_validation\.cloudfront-certificate_validation_\w+\.certificate_arn/,
        ),
      });
      expect(resourcesOf(json, 'aws_lb_listener').find((listener) => listener.port === 443)).toMatchObject({
        certificate_arn: expect.stringMatching(/aws_acm_certificate_validation\.certificate_validation_\w+/),
      });
      // ACM asks for the same CNAME in both regions: both sets of records may overwrite it.
      const validationRecords = resourcesOf(json, 'aws_route53_record').filter((record) => record.for_each);
      expect(validationRecords).toHaveLength(2);
      expect(validationRecords.every((record) => record.allow_overwrite === true)).toBe(true);
    });
  });

  describe('prod outside us-east-1 with its own certificate', () => {
    const { json } = synthOrdersStack({
      INFRA_ENVIRONMENT: 'prod',
      INFRA_REGION: 'eu-west-1',
      INFRA_HOSTED_ZONE: 'example.com',
      INFRA_RECORD_NAME: 'orders',
      INFRA_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
    });

    it('serves the given certificate on the ALB and still creates one in us-east-1 for CloudFront', () => {
      expect(resourcesOf(json, 'aws_lb_listener').find((listener) => listener.port === 443)).toMatchObject({
        certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
      });
      expect(resourcesOf(json, 'aws_acm_certificate')).toEqual([
        expect.objectContaining({ domain_name: 'orders.example.com', provider: 'aws.us-east-1' }),
      ]);
    });
  });
});
