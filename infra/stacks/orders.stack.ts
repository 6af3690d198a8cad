import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  APP_PERMISSIONS,
  HTTP_SETTINGS,
  identityNames,
  MESSAGING_SETTINGS,
  ORDERS_TABLE_SCHEMA,
  ResourceNames,
  resourceNames,
} from '@app/aws-resources';
import { RECEIVER_CPU_TARGET_PERCENT, StackConfig } from '../config/stack-config';
import { DOCKERFILE, PROCESSOR_SERVICE, RECEIVER_SERVICE } from '../config/services';
import { AlarmsConstruct } from '../constructs/alarms.construct';
import { ClusterConstruct } from '../constructs/cluster.construct';
import { ContainerImageConstruct } from '../constructs/container-image.construct';
import { EncryptionConstruct } from '../constructs/encryption.construct';
import { FailoverConstruct } from '../constructs/failover.construct';
import { FargateServiceConstruct, FargateServiceProps } from '../constructs/fargate-service.construct';
import { GeneratedSecretConstruct } from '../constructs/generated-secret.construct';
import { HealthCheckAlarmConstruct } from '../constructs/health-check-alarm.construct';
import { IdentityConstruct } from '../constructs/identity.construct';
import { LoadBalancerConstruct } from '../constructs/load-balancer.construct';
import { MessagingConstruct } from '../constructs/messaging.construct';
import { NetworkConstruct } from '../constructs/network.construct';
import { OrdersTableConstruct } from '../constructs/orders-table.construct';
import {
  LEGACY_ORDERS_TABLE_ID,
  LegacyOrdersTableConstruct,
} from '../constructs/legacy-orders-table.construct';
import { ServiceScalingConstruct } from '../constructs/service-scaling.construct';
import { AwsContext } from '../lib/aws-context';
import { FailoverDomain } from '../lib/failover-domain';
import { nodeOptionsFor } from '../lib/node-options';
import { PermissionTargets, taskPolicyStatements } from '../lib/task-permissions';

export interface OrdersStackProps {
  /** The environment's validated settings, from `loadStackConfig`. */
  readonly config: StackConfig;
  /** Content hash of the image sources (see lib/source-hash.ts). */
  readonly imageTag: string;
  /** Absolute path of the repository root, where `docker build` runs. */
  readonly contextDir: string;
  /** HTML of the standby page that DNS fails over to (infra/standby/index.html). */
  readonly standbyPageHtml: string;
  /** Absolute path of the local Terraform state file (kept in infra/, gitignored). */
  readonly stateFile: string;
}

const VPC_CIDR = '10.0.0.0/16';
/** Alarm thresholds: age (s) of the oldest queued order, and 5xx responses in 5 minutes. */
const OLDEST_MESSAGE_AGE_ALARM_SECONDS = 300;
const HTTP_5XX_ALARM_THRESHOLD = 10;

/** Each app's image, built and pushed to its own repository. */
interface AppImages {
  readonly receiver: ContainerImageConstruct;
  readonly processor: ContainerImageConstruct;
}

/** Each app's ECS service. */
interface AppServices {
  readonly receiver: FargateServiceConstruct;
  readonly processor: FargateServiceConstruct;
}

/** The parts the services run in, call and sit behind, which the later steps also wire up. */
interface StackParts {
  readonly aws: AwsContext;
  readonly kmsKeyArn: string;
  readonly network: NetworkConstruct;
  readonly cluster: ClusterConstruct;
  readonly loadBalancer: LoadBalancerConstruct;
  readonly messaging: MessagingConstruct;
  readonly table: DynamodbTable;
  readonly images: AppImages;
  /** The user pool whose access tokens the receiver accepts. */
  readonly identity: IdentityConstruct;
  /** The receiver's STATUS_URL_SIGNING_KEY. */
  readonly statusUrlSigningKey: GeneratedSecretConstruct;
}

/**
 * One environment of the order system: network, key, messaging, table, images,
 * cluster, load balancer, both services with autoscaling, alarms and, when a
 * hosted zone is configured, DNS failover to the standby page. It wires
 * constructs together and declares the outputs; every resource lives in a
 * construct, and each step below adds one of them.
 */
export class OrdersStack extends TerraformStack {
  private readonly config: StackConfig;
  private readonly names: ResourceNames;
  /** Tags the provider puts on every resource. */
  private readonly tags: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id);
    this.config = props.config;
    this.names = resourceNames(props.config.environment);
    this.tags = { Project: 'resilient-orders', Environment: props.config.environment, ManagedBy: 'cdktf' };

    const aws = this.provider(props.stateFile);
    const { key } = this.encryption(aws);
    const network = this.network(aws, key.arn);
    const messaging = this.messaging(key.arn);
    const { table } = this.ordersTable(key.arn);
    if (this.config.retainLegacyTable) this.legacyOrdersTable(key.arn);
    const images = this.images(props, key.arn);
    const cluster = new ClusterConstruct(this, 'cluster', { name: this.names.prefix });
    const loadBalancer = this.loadBalancer(network);
    const identity = this.identity(aws);
    const statusUrlSigningKey = this.statusUrlSigningKey(key.arn);
    const parts = {
      aws,
      kmsKeyArn: key.arn,
      network,
      cluster,
      loadBalancer,
      messaging,
      table,
      images,
      identity,
      statusUrlSigningKey,
    };
    const services = { receiver: this.receiverService(parts), processor: this.processorService(parts) };
    this.autoscaling(parts, services);
    const alarms = this.alarms(parts);
    const domain = this.config.domain;
    const failover = domain ? this.failover(domain, loadBalancer, props.standbyPageHtml) : undefined;
    if (failover) this.healthCheckAlarm(aws, failover, alarms);

    this.outputs(parts, alarms, props.imageTag);
    if (failover && domain) this.failoverOutputs(domain, loadBalancer, failover);
  }

  /** The state backend, the AWS provider, and the account and partition that ARNs are built from. */
  private provider(stateFile: string): AwsContext {
    // Without this, cdktf puts the state in the directory the app was started from.
    new LocalBackend(this, { path: stateFile });
    new AwsProvider(this, 'aws', { region: this.config.region, defaultTags: [{ tags: this.tags }] });
    return {
      accountId: new DataAwsCallerIdentity(this, 'caller').accountId,
      partition: new DataAwsPartition(this, 'partition').partition,
      region: this.config.region,
    };
  }

  private encryption(aws: AwsContext): EncryptionConstruct {
    return new EncryptionConstruct(this, 'encryption', {
      names: this.names,
      aws,
      deletionWindowInDays: this.config.protectData ? 30 : 7,
      preventDestroy: this.config.protectData,
    });
  }

  private network(aws: AwsContext, kmsKeyArn: string): NetworkConstruct {
    return new NetworkConstruct(this, 'network', {
      prefix: this.names.prefix,
      aws,
      cidrBlock: VPC_CIDR,
      natGatewayPerAz: this.config.natGatewayPerAz,
      kmsKeyArn,
      logRetentionDays: this.config.logRetentionDays,
    });
  }

  private messaging(kmsKeyArn: string): MessagingConstruct {
    return new MessagingConstruct(this, 'messaging', {
      names: this.names,
      settings: MESSAGING_SETTINGS,
      kmsKeyArn,
    });
  }

  private ordersTable(kmsKeyArn: string): OrdersTableConstruct {
    return new OrdersTableConstruct(this, 'customer-orders', {
      names: this.names,
      schema: ORDERS_TABLE_SCHEMA,
      kmsKeyArn,
      protectData: this.config.protectData,
    });
  }

  /** The table of orders keyed by orderId alone, kept untouched until the operator retires it (docs/migration.md). */
  private legacyOrdersTable(kmsKeyArn: string): LegacyOrdersTableConstruct {
    return new LegacyOrdersTableConstruct(this, LEGACY_ORDERS_TABLE_ID, {
      names: this.names,
      kmsKeyArn,
      protectData: this.config.protectData,
    });
  }

  private images(props: OrdersStackProps, kmsKeyArn: string): AppImages {
    const image = (app: string) =>
      new ContainerImageConstruct(this, `${app}-image`, {
        repositoryName: `${this.names.prefix}/${app}`,
        app,
        imageTag: props.imageTag,
        contextDir: props.contextDir,
        dockerfile: DOCKERFILE,
        region: this.config.region,
        imageRetentionCount: this.config.imageRetentionCount,
        kmsKeyArn,
      });
    return { receiver: image(RECEIVER_SERVICE.name), processor: image(PROCESSOR_SERVICE.name) };
  }

  private loadBalancer(network: NetworkConstruct): LoadBalancerConstruct {
    return new LoadBalancerConstruct(this, 'load-balancer', {
      prefix: this.names.prefix,
      vpcId: network.vpc.id,
      vpcCidr: network.vpc.cidrBlock,
      publicSubnetIds: network.publicSubnets.map((subnet) => subnet.id),
      targetPort: RECEIVER_SERVICE.port,
      healthCheckPath: RECEIVER_SERVICE.livenessPath,
      healthCheck: RECEIVER_SERVICE.targetHealthCheck,
      deregistrationDelaySeconds: RECEIVER_SERVICE.deregistrationDelaySeconds,
      idleTimeoutSeconds: HTTP_SETTINGS.albIdleTimeoutSeconds,
      publicPathPatterns: [
        ...RECEIVER_SERVICE.publicPathPatterns,
        ...(this.config.apiDocs ? RECEIVER_SERVICE.docsPathPatterns : []),
      ],
      certificateArn: this.config.certificateArn,
    });
  }

  /**
   * The user pool. Its domain prefix must be unique in the region across all AWS accounts, so it
   * carries the account id beside the environment prefix.
   */
  private identity(aws: AwsContext): IdentityConstruct {
    return new IdentityConstruct(this, 'identity', {
      names: identityNames(this.config.environment),
      domainPrefix: `${this.names.prefix}-${aws.accountId}`,
      region: aws.region,
      protectData: this.config.protectData,
      selfSignUp: false,
      accessTokenMinutes: RECEIVER_SERVICE.accessTokenMinutes,
    });
  }

  /** The key that signs the statusUrl of a 202, generated by Secrets Manager and never in the state. */
  private statusUrlSigningKey(kmsKeyArn: string): GeneratedSecretConstruct {
    return new GeneratedSecretConstruct(this, 'status-url-signing-key', {
      name: `${this.names.prefix}/status-url-signing-key`,
      description: `${this.names.prefix}: HMAC key of the receiver's signed status URLs (STATUS_URL_SIGNING_KEY)`,
      kmsKeyArn,
      length: RECEIVER_SERVICE.statusUrlSigningKeyLength,
      valueVersion: RECEIVER_SERVICE.statusUrlSigningKeyVersion,
    });
  }

  /**
   * The order-receiver behind the load balancer: takes orders, publishes them to the topic. It
   * accepts the user pool's access tokens, from its own keys only: COGNITO_JWKS_URL and
   * AUTH_DISABLED are for local runs and never set here.
   */
  private receiverService(parts: StackParts): FargateServiceConstruct {
    const { config } = this;
    const { images, messaging, loadBalancer, identity } = parts;
    return new FargateServiceConstruct(this, 'receiver', {
      ...this.serviceBase(parts),
      appName: RECEIVER_SERVICE.name,
      image: images.receiver.imageUri,
      repositoryArn: images.receiver.repository.arn,
      imageBuild: images.receiver.build,
      desiredCount: config.receiver.desiredCount,
      capacity: config.receiver.capacity,
      containerPort: RECEIVER_SERVICE.port,
      healthCheckPath: RECEIVER_SERVICE.livenessPath,
      stopTimeoutSeconds: RECEIVER_SERVICE.stopTimeoutSeconds,
      environment: {
        ...this.sharedEnvironment(parts.table),
        PORT: String(RECEIVER_SERVICE.port),
        ORDERS_TOPIC_ARN: messaging.topic.arn,
        TRUST_PROXY_HOPS: String(RECEIVER_SERVICE.trustProxyHops),
        THROTTLE_LIMIT: String(config.app.throttleLimit),
        THROTTLE_TTL_MS: String(config.app.throttleTtlMs),
        COGNITO_USER_POOL_ID: identity.userPool.id,
        COGNITO_CUSTOMER_CLIENT_ID: identity.customerClient.id,
        COGNITO_SERVICE_CLIENT_IDS: identity.serviceClient.id,
        API_DOCS_ENABLED: String(config.apiDocs),
        SHUTDOWN_DRAIN_DELAY_MS: String(RECEIVER_SERVICE.drainDelaySeconds * 1000),
      },
      secrets: { STATUS_URL_SIGNING_KEY: parts.statusUrlSigningKey.secret.arn },
      taskPolicy: taskPolicyStatements(APP_PERMISSIONS[RECEIVER_SERVICE.name], permissionTargets(parts)),
      ingressFromSecurityGroupId: loadBalancer.securityGroup.id,
      loadBalancer: { targetGroupArn: loadBalancer.targetGroup.arn, listener: loadBalancer.forwardRule },
    });
  }

  /** The order-processor: consumes the queue, fulfils orders into the table. */
  private processorService(parts: StackParts): FargateServiceConstruct {
    const { config } = this;
    const { images, messaging } = parts;
    return new FargateServiceConstruct(this, 'processor', {
      ...this.serviceBase(parts),
      appName: PROCESSOR_SERVICE.name,
      image: images.processor.imageUri,
      repositoryArn: images.processor.repository.arn,
      imageBuild: images.processor.build,
      desiredCount: config.processor.desiredCount,
      capacity: config.processor.capacity,
      containerPort: PROCESSOR_SERVICE.port,
      healthCheckPath: PROCESSOR_SERVICE.livenessPath,
      stopTimeoutSeconds: PROCESSOR_SERVICE.stopTimeoutSeconds,
      environment: {
        ...this.sharedEnvironment(parts.table),
        PROCESSOR_PORT: String(PROCESSOR_SERVICE.port),
        ORDERS_QUEUE_URL: messaging.queue.url,
        ORDERS_DLQ_URL: messaging.deadLetterQueue.url,
        PROCESSOR_CONCURRENCY: String(config.app.processorConcurrency),
        SHUTDOWN_TIMEOUT_MS: String(PROCESSOR_SERVICE.shutdownTimeoutMs),
      },
      taskPolicy: taskPolicyStatements(APP_PERMISSIONS[PROCESSOR_SERVICE.name], permissionTargets(parts)),
    });
  }

  /** Service props both apps share: task size, private subnets, key and logs. */
  private serviceBase(parts: StackParts) {
    const { network } = parts;
    return {
      prefix: this.names.prefix,
      aws: parts.aws,
      cluster: parts.cluster,
      cpu: this.config.taskCpu,
      memory: this.config.taskMemory,
      vpcId: network.vpc.id,
      subnetIds: network.privateSubnets.map((subnet) => subnet.id),
      egress: network.privateEgress,
      kmsKeyArn: parts.kmsKeyArn,
      logRetentionDays: this.config.logRetentionDays,
    } satisfies Partial<FargateServiceProps>;
  }

  /** Environment variables both apps read. */
  private sharedEnvironment(table: DynamodbTable): Record<string, string> {
    const { config } = this;
    return {
      AWS_REGION: config.region,
      ORDERS_TABLE_NAME: table.name,
      PROCESSING_TIME_MS: String(config.app.processingTimeMs),
      FAILURE_RATE: String(config.app.failureRate),
      LOG_LEVEL: config.app.logLevel,
      NODE_OPTIONS: nodeOptionsFor(config.taskMemory),
    };
  }

  /** The receiver scales on CPU and requests per target, the processor on queue backlog per task. */
  private autoscaling({ cluster, loadBalancer, messaging }: StackParts, services: AppServices): void {
    const { config } = this;
    new ServiceScalingConstruct(this, 'receiver-scaling', {
      clusterName: cluster.cluster.name,
      serviceName: services.receiver.service.name,
      minCapacity: config.receiver.desiredCount,
      maxCapacity: config.receiver.maxCount,
      cpuTargetPercent: RECEIVER_CPU_TARGET_PERCENT,
      requestsPerTarget: {
        resourceLabel: `${loadBalancer.loadBalancer.arnSuffix}/${loadBalancer.targetGroup.arnSuffix}`,
        target: config.receiver.targetRequestsPerTask,
      },
    });
    new ServiceScalingConstruct(this, 'processor-scaling', {
      clusterName: cluster.cluster.name,
      serviceName: services.processor.service.name,
      minCapacity: config.processor.desiredCount,
      maxCapacity: config.processor.maxCount,
      queueBacklogPerTask: { queueName: messaging.queue.name, target: config.processor.targetBacklogPerTask },
    });
  }

  private alarms({ cluster, loadBalancer, messaging, table, kmsKeyArn }: StackParts): AlarmsConstruct {
    return new AlarmsConstruct(this, 'alarms', {
      prefix: this.names.prefix,
      queueName: messaging.queue.name,
      deadLetterQueueName: messaging.deadLetterQueue.name,
      loadBalancerArnSuffix: loadBalancer.loadBalancer.arnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix,
      oldestMessageAgeSeconds: OLDEST_MESSAGE_AGE_ALARM_SECONDS,
      http5xxThreshold: HTTP_5XX_ALARM_THRESHOLD,
      kmsKeyArn,
      alarmEmail: this.config.alarmEmail,
      clusterName: cluster.cluster.name,
      // Literal names (the services are named after their apps): they also name the alarms.
      serviceNames: [RECEIVER_SERVICE.name, PROCESSOR_SERVICE.name],
      topicName: messaging.topic.name,
      tableName: table.name,
    });
  }

  private failover(
    domain: FailoverDomain,
    loadBalancer: LoadBalancerConstruct,
    standbyPageHtml: string,
  ): FailoverConstruct {
    return new FailoverConstruct(this, 'failover', {
      prefix: this.names.prefix,
      domain,
      loadBalancer: {
        dnsName: loadBalancer.loadBalancer.dnsName,
        zoneId: loadBalancer.loadBalancer.zoneId,
      },
      healthCheck: {
        protocol: loadBalancer.protocol,
        port: loadBalancer.port,
        path: RECEIVER_SERVICE.readinessPath,
      },
      standbyPageHtml,
    });
  }

  private healthCheckAlarm(aws: AwsContext, failover: FailoverConstruct, alarms: AlarmsConstruct): void {
    new HealthCheckAlarmConstruct(this, 'health-check-alarm', {
      prefix: this.names.prefix,
      aws,
      healthCheckId: failover.healthCheck.id,
      alarmTopicArn: alarms.topic.arn,
      alarmEmail: this.config.alarmEmail,
      providerDefaultTags: this.tags,
    });
  }

  private outputs(
    { loadBalancer, messaging, table, images, identity }: StackParts,
    alarms: AlarmsConstruct,
    imageTag: string,
  ): void {
    this.output('alb_url', loadBalancer.url, 'Load balancer URL (the receiver API)');
    if (this.config.apiDocs) this.output('swagger_url', `${loadBalancer.url}/docs`, 'Swagger UI');
    this.output('queue_url', messaging.queue.url, 'Orders queue');
    this.output('dead_letter_queue_url', messaging.deadLetterQueue.url, 'Dead-letter queue');
    this.output('topic_arn', messaging.topic.arn, 'Orders topic');
    this.output('table_name', table.name, 'Orders table');
    this.output(
      'receiver_repository_url',
      images.receiver.repository.repositoryUrl,
      'ECR repository of the order-receiver',
    );
    this.output(
      'processor_repository_url',
      images.processor.repository.repositoryUrl,
      'ECR repository of the order-processor',
    );
    this.output('image_tag', imageTag, 'Content-hash tag of the deployed images');
    this.output('alarm_topic_arn', alarms.topic.arn, 'SNS topic the alarms notify');
    this.output(
      'user_pool_id',
      identity.userPool.id,
      'Cognito user pool whose access tokens the API accepts',
    );
    this.output('customer_client_id', identity.customerClient.id, "Customers' app client (no secret)");
    this.output('service_client_id', identity.serviceClient.id, 'Services app client (client credentials)');
    this.output('token_url', identity.tokenUrl, 'OAuth 2.0 token endpoint (client credentials)');
    this.output(
      'token_hint',
      `secret=$(aws cognito-idp describe-user-pool-client --user-pool-id ${identity.userPool.id} ` +
        `--client-id ${identity.serviceClient.id} --query UserPoolClient.ClientSecret --output text); ` +
        `curl -s -u ${identity.serviceClient.id}:$secret -d grant_type=client_credentials ${identity.tokenUrl}`,
      'How a service gets an access token (cache it until shortly before expires_in)',
    );
  }

  private failoverOutputs(
    domain: FailoverDomain,
    loadBalancer: LoadBalancerConstruct,
    failover: FailoverConstruct,
  ): void {
    const scheme = loadBalancer.protocol.toLowerCase();
    this.output('failover_record', domain.recordName, 'Route 53 failover record (ALB, else standby page)');
    this.output('service_url', `${scheme}://${domain.recordName}`, 'Public URL through the failover record');
    this.output(
      'standby_website_url',
      `http://${failover.standbyWebsite.websiteEndpoint}`,
      'Standby page, direct',
    );
  }

  private output(id: string, value: string, description: string): void {
    new TerraformOutput(this, id, { value, description });
  }
}

/**
 * Where each logical resource of APP_PERMISSIONS (libs/aws-resources) lives in this stack: the
 * task roles' statements come from that one table, which the e2e proving ground also checks
 * the apps' recorded AWS calls against.
 */
function permissionTargets({ messaging, table, kmsKeyArn }: StackParts): PermissionTargets {
  return {
    arns: {
      topic: messaging.topic.arn,
      queue: messaging.queue.arn,
      deadLetterQueue: messaging.deadLetterQueue.arn,
      table: table.arn,
    },
    kmsKeyArn,
  };
}
