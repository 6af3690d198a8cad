import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  APP_PERMISSIONS,
  HTTP_SETTINGS,
  identityNames,
  MESSAGING_SETTINGS,
  ORDER_METRICS_PERIOD_SECONDS,
  ORDERS_TABLE_SCHEMA,
  ResourceNames,
  resourceNames,
} from '@app/aws-resources';
import { assertHttpsWhereRequired, RECEIVER_CPU_TARGET_PERCENT, StackConfig } from '../config/stack-config';
import { sharedImageRepositoryName } from '../config/image-repositories';
import { DOCKERFILE, IMAGE_USER, PROCESSOR_SERVICE, RECEIVER_SERVICE } from '../config/services';
import { AlarmsConstruct } from '../constructs/alarms.construct';
import { CertificateConstruct } from '../constructs/certificate.construct';
import { ClusterConstruct } from '../constructs/cluster.construct';
import { ContainerImageConstruct } from '../constructs/container-image.construct';
import { DashboardConstruct } from '../constructs/dashboard.construct';
import { DeploymentAlarmsConstruct } from '../constructs/deployment-alarms.construct';
import { EncryptionConstruct } from '../constructs/encryption.construct';
import { FailoverConstruct } from '../constructs/failover.construct';
import { FargateServiceConstruct, FargateServiceProps } from '../constructs/fargate-service.construct';
import { GeneratedSecretConstruct } from '../constructs/generated-secret.construct';
import {
  HealthCheckAlarmConstruct,
  ROUTE53_METRICS_REGION,
} from '../constructs/health-check-alarm.construct';
import { IdentityConstruct } from '../constructs/identity.construct';
import { LoadBalancerConstruct } from '../constructs/load-balancer.construct';
import { MessagingConstruct } from '../constructs/messaging.construct';
import { NetworkConstruct } from '../constructs/network.construct';
import { OrdersTableConstruct } from '../constructs/orders-table.construct';
import { PushedImageConstruct } from '../constructs/pushed-image.construct';
import {
  LEGACY_ORDERS_TABLE_ID,
  LegacyOrdersTableConstruct,
} from '../constructs/legacy-orders-table.construct';
import { ServiceScalingConstruct } from '../constructs/service-scaling.construct';
import { StateBackendConstruct } from '../constructs/state-backend.construct';
import { WebAclConstruct } from '../constructs/web-acl.construct';
import { AwsContext } from '../lib/aws-context';
import { FailoverDomain } from '../lib/failover-domain';
import { nodeOptionsFor } from '../lib/node-options';
import { PermissionTargets, taskPolicyStatements } from '../lib/task-permissions';
import { permissionsBoundaryArn } from '../lib/permissions-boundary';

export interface OrdersStackProps {
  /** The environment's validated settings, from `loadStackConfig`. */
  readonly config: StackConfig;
  /**
   * The images' tag: `config.imageTag` (INFRA_IMAGE_TAG) when set, whose images are already pushed,
   * else the content hash of the tracked image sources (see lib/source-hash.ts), built on deploy.
   */
  readonly imageTag: string;
  /** The repository root, where `docker build` runs, relative to the stack's working directory. */
  readonly contextDir: string;
  /** HTML of the standby page that DNS fails over to (infra/standby/index.html). */
  readonly standbyPageHtml: string;
  /** The standby's CloudFront Function (infra/standby/standby-edge.js). */
  readonly standbyEdgeCode: string;
  /**
   * The local Terraform state file (kept in infra/, gitignored) relative to the stack's working
   * directory; unused when `config.state` puts the state in S3.
   */
  readonly stateFile: string;
}

const VPC_CIDR = '10.0.0.0/16';
/** Alarm thresholds: age (s) of the oldest queued order, and 5xx responses in 5 minutes. */
const OLDEST_MESSAGE_AGE_ALARM_SECONDS = 300;
const HTTP_5XX_ALARM_THRESHOLD = 10;
/** A receiver deployment rolls back on this many target 5xx in a minute, or 2 minutes with an unhealthy target. */
const DEPLOYMENT_5XX_PER_MINUTE = 5;
const DEPLOYMENT_UNHEALTHY_MINUTES = 2;

/** One app's image: built on deploy into the environment's repository, or already pushed to the shared one. */
interface AppImage {
  readonly imageUri: string;
  readonly repositoryArn: string;
  readonly repositoryUrl: string;
  /** The build-and-push step, when this deploy builds the image. */
  readonly build?: ContainerImageConstruct['build'];
}

interface AppImages {
  readonly receiver: AppImage;
  readonly processor: AppImage;
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
 * hosted zone is configured, a certificate for the record (unless one is given)
 * and DNS failover to the standby. It wires
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
    assertHttpsWhereRequired(props.config);
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
    const cluster = new ClusterConstruct(this, 'cluster', {
      name: this.names.prefix,
      createServiceLinkedRole: this.config.createEcsServiceLinkedRole,
    });
    const domain = this.config.domain;
    const zoneId = domain ? this.hostedZoneId(domain) : undefined;
    const certificateArn =
      this.config.certificateArn ?? (domain && zoneId ? this.certificate(domain, zoneId) : undefined);
    const loadBalancer = this.loadBalancer(network, certificateArn);
    this.webAcl(aws, loadBalancer, key.arn);
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
    this.dashboard(parts);
    if (domain && zoneId && certificateArn) {
      // One us-east-1 provider for the stack: CloudFront's certificate and Route 53's metrics live there.
      const usEast1 = aws.region === ROUTE53_METRICS_REGION ? undefined : this.usEast1Provider();
      const cloudFrontCertificateArn = usEast1 ? this.certificate(domain, zoneId, usEast1) : certificateArn;
      const failover = this.failover(domain, zoneId, loadBalancer, cloudFrontCertificateArn, props);
      this.healthCheckAlarm(aws, failover, alarms, usEast1);
      this.failoverOutputs(domain, failover);
    }
    this.outputs(parts, alarms, props.imageTag);
  }

  /** The state backend, the AWS provider, and the account and partition that ARNs are built from. */
  private provider(stateFile: string): AwsContext {
    // Without a backend, cdktf would put the state in the directory the app was started from.
    new StateBackendConstruct(this, 'state', { localPath: stateFile, remote: this.config.state });
    new AwsProvider(this, 'aws', { region: this.config.region, defaultTags: [{ tags: this.tags }] });
    return {
      accountId: new DataAwsCallerIdentity(this, 'caller').accountId,
      partition: new DataAwsPartition(this, 'partition').partition,
      region: this.config.region,
    };
  }

  /** The second AWS provider, for what only exists in us-east-1 (CloudFront's certificate, Route 53 metrics). */
  private usEast1Provider(): AwsProvider {
    return new AwsProvider(this, 'aws-us-east-1', {
      alias: 'us-east-1',
      region: 'us-east-1',
      defaultTags: [{ tags: this.tags }],
    });
  }

  private hostedZoneId(domain: FailoverDomain): string {
    return new DataAwsRoute53Zone(this, 'zone', { name: domain.zoneName, privateZone: false }).zoneId;
  }

  /**
   * A DNS-validated certificate for the record: in the stack's region for the load balancer, or
   * through the us-east-1 provider for CloudFront. The validated ARN, so its users wait for it.
   */
  private certificate(domain: FailoverDomain, zoneId: string, usEast1?: AwsProvider): string {
    const id = usEast1 ? 'cloudfront-certificate' : 'certificate';
    return new CertificateConstruct(this, id, { domainName: domain.recordName, zoneId, provider: usEast1 })
      .certificateArn;
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
      permissionsBoundaryArn: this.permissionsBoundaryArn(aws),
    });
  }

  /** The bootstrap's boundary for this environment's roles, with INFRA_PERMISSIONS_BOUNDARY. */
  private permissionsBoundaryArn(aws: AwsContext): string | undefined {
    return this.config.permissionsBoundary ? permissionsBoundaryArn(aws, this.config.environment) : undefined;
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

  /**
   * With INFRA_IMAGE_TAG, the images the pipeline pushed to the repositories every environment
   * shares (so prod runs the very image dev ran); else each image built on deploy into this
   * environment's own repository.
   */
  private images(props: OrdersStackProps, kmsKeyArn: string): AppImages {
    const pushedTag = this.config.imageTag;
    if (pushedTag !== undefined) {
      const pushed = (app: string): AppImage => {
        const image = new PushedImageConstruct(this, `${app}-pushed-image`, {
          repositoryName: sharedImageRepositoryName(app),
          imageTag: pushedTag,
        });
        const { arn, repositoryUrl } = image.repository;
        return { imageUri: image.imageUri, repositoryArn: arn, repositoryUrl };
      };
      return { receiver: pushed(RECEIVER_SERVICE.name), processor: pushed(PROCESSOR_SERVICE.name) };
    }
    const built = (app: string): AppImage => {
      const image = new ContainerImageConstruct(this, `${app}-image`, {
        repositoryName: `${this.names.prefix}/${app}`,
        app,
        imageTag: props.imageTag,
        contextDir: props.contextDir,
        dockerfile: DOCKERFILE,
        region: this.config.region,
        imageRetentionCount: this.config.imageRetentionCount,
        kmsKeyArn,
      });
      const { arn, repositoryUrl } = image.repository;
      return { imageUri: image.imageUri, repositoryArn: arn, repositoryUrl, build: image.build };
    };
    return { receiver: built(RECEIVER_SERVICE.name), processor: built(PROCESSOR_SERVICE.name) };
  }

  private loadBalancer(network: NetworkConstruct, certificateArn: string | undefined): LoadBalancerConstruct {
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
      certificateArn,
    });
  }

  /** AWS WAF on the load balancer: the per-IP rate rule over all tasks and the managed rules. */
  private webAcl(aws: AwsContext, loadBalancer: LoadBalancerConstruct, kmsKeyArn: string): WebAclConstruct {
    return new WebAclConstruct(this, 'web-acl', {
      prefix: this.names.prefix,
      aws,
      resourceArn: loadBalancer.loadBalancer.arn,
      rateLimit: this.config.waf.rateLimit,
      rateWindowSeconds: this.config.waf.rateWindowSeconds,
      kmsKeyArn,
      logRetentionDays: this.config.logRetentionDays,
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
      repositoryArn: images.receiver.repositoryArn,
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
      deploymentAlarms: this.receiverDeploymentAlarms(loadBalancer),
    });
  }

  /**
   * What rolls a receiver release back that passes its health checks but answers with errors. The
   * processor gets none: its failures show as dead-lettered orders, which also come from bad input
   * or FAILURE_RATE and arrive only after maxReceiveCount attempts, too late and too ambiguous to
   * judge a deployment by; the circuit breaker still rolls back tasks that fail to start or stay alive.
   */
  private receiverDeploymentAlarms(loadBalancer: LoadBalancerConstruct): DeploymentAlarmsConstruct {
    return new DeploymentAlarmsConstruct(this, 'receiver-deployment-alarms', {
      prefix: `${this.names.prefix}-${RECEIVER_SERVICE.name}`,
      loadBalancerArnSuffix: loadBalancer.loadBalancer.arnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix,
      target5xxPerMinute: DEPLOYMENT_5XX_PER_MINUTE,
      unhealthyMinutes: DEPLOYMENT_UNHEALTHY_MINUTES,
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
      repositoryArn: images.processor.repositoryArn,
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
      permissionsBoundaryArn: this.permissionsBoundaryArn(parts.aws),
      cluster: parts.cluster,
      cpu: this.config.taskCpu,
      memory: this.config.taskMemory,
      vpcId: network.vpc.id,
      subnetIds: network.privateSubnets.map((subnet) => subnet.id),
      egress: network.privateEgress,
      kmsKeyArn: parts.kmsKeyArn,
      logRetentionDays: this.config.logRetentionDays,
      user: IMAGE_USER,
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
      // One line of order metrics per task per period, which the dashboard reads (dimension: the environment).
      EMF_METRICS_INTERVAL_MS: String(ORDER_METRICS_PERIOD_SECONDS * 1000),
      EMF_METRICS_ENVIRONMENT: config.environment,
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
      deliveryDeadLetterQueueName: messaging.deliveryDeadLetterQueue.name,
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

  /** The environment's dashboard (what to watch while tuning PROCESSOR_CONCURRENCY), and its URL as an output. */
  private dashboard({ aws, cluster, loadBalancer, messaging, table }: StackParts): DashboardConstruct {
    const dashboard = new DashboardConstruct(this, 'dashboard', {
      name: this.names.prefix,
      region: aws.region,
      environment: this.config.environment,
      queueName: messaging.queue.name,
      deadLetterQueueName: messaging.deadLetterQueue.name,
      deliveryDeadLetterQueueName: messaging.deliveryDeadLetterQueue.name,
      clusterName: cluster.cluster.name,
      // Literal names (the services are named after their apps), as the alarms use them.
      serviceNames: [RECEIVER_SERVICE.name, PROCESSOR_SERVICE.name],
      loadBalancerArnSuffix: loadBalancer.loadBalancer.arnSuffix,
      tableName: table.name,
      processorConcurrency: this.config.app.processorConcurrency,
    });
    this.output('dashboard_url', dashboard.url, 'CloudWatch dashboard of this environment');
    return dashboard;
  }

  /**
   * DNS failover to the standby on CloudFront. CloudFront takes only us-east-1 certificates: in
   * us-east-1 the load balancer's (the stack's own, or INFRA_CERTIFICATE_ARN, which must cover the
   * record anyway), elsewhere one the stack creates there.
   */
  private failover(
    domain: FailoverDomain,
    zoneId: string,
    loadBalancer: LoadBalancerConstruct,
    cloudFrontCertificateArn: string,
    props: OrdersStackProps,
  ): FailoverConstruct {
    return new FailoverConstruct(this, 'failover', {
      prefix: this.names.prefix,
      domain,
      zoneId,
      loadBalancer: {
        dnsName: loadBalancer.loadBalancer.dnsName,
        zoneId: loadBalancer.loadBalancer.zoneId,
      },
      healthCheckPath: RECEIVER_SERVICE.livenessPath,
      cloudFrontCertificateArn,
      standbyPageHtml: props.standbyPageHtml,
      standbyEdgeCode: props.standbyEdgeCode,
    });
  }

  private healthCheckAlarm(
    aws: AwsContext,
    failover: FailoverConstruct,
    alarms: AlarmsConstruct,
    usEast1Provider: AwsProvider | undefined,
  ): void {
    new HealthCheckAlarmConstruct(this, 'health-check-alarm', {
      prefix: this.names.prefix,
      aws,
      healthCheckId: failover.healthCheck.id,
      alarmTopicArn: alarms.topic.arn,
      alarmEmail: this.config.alarmEmail,
      usEast1Provider,
    });
  }

  private outputs(
    { loadBalancer, messaging, table, images, identity }: StackParts,
    alarms: AlarmsConstruct,
    imageTag: string,
  ): void {
    // The record with a domain: the ALB's own DNS name is not on its certificate.
    const apiUrl = this.config.domain ? `https://${this.config.domain.recordName}` : loadBalancer.url;
    this.output('api_url', apiUrl, 'The receiver API');
    if (this.config.apiDocs) this.output('swagger_url', `${apiUrl}/docs`, 'Swagger UI');
    this.output('queue_url', messaging.queue.url, 'Orders queue');
    this.output('dead_letter_queue_url', messaging.deadLetterQueue.url, 'Dead-letter queue');
    this.output(
      'delivery_dead_letter_queue_url',
      messaging.deliveryDeadLetterQueue.url,
      'Dead-letter queue of the subscription: orders SNS could not deliver to the queue',
    );
    this.output('topic_arn', messaging.topic.arn, 'Orders topic');
    this.output('table_name', table.name, 'Orders table');
    this.output(
      'receiver_repository_url',
      images.receiver.repositoryUrl,
      'ECR repository of the order-receiver',
    );
    this.output(
      'processor_repository_url',
      images.processor.repositoryUrl,
      'ECR repository of the order-processor',
    );
    this.output('image_tag', imageTag, 'Tag of the deployed images (INFRA_IMAGE_TAG, else a content hash)');
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

  private failoverOutputs(domain: FailoverDomain, failover: FailoverConstruct): void {
    this.output('failover_record', domain.recordName, 'Route 53 failover record (ALB, else the standby)');
    this.output(
      'standby_url',
      `https://${failover.distribution.domainName}`,
      'The standby straight from CloudFront, whatever DNS answers',
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
