import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  APP_PERMISSIONS,
  HTTP_SETTINGS,
  MESSAGING_SETTINGS,
  ORDERS_TABLE_SCHEMA,
  resourceNames,
} from '@app/aws-resources';
import { StackConfig } from '../config/stack-config';
import { DOCKERFILE, PROCESSOR_SERVICE, RECEIVER_SERVICE } from '../config/services';
import { AlarmsConstruct } from '../constructs/alarms.construct';
import { ClusterConstruct } from '../constructs/cluster.construct';
import { ContainerImageConstruct } from '../constructs/container-image.construct';
import { EncryptionConstruct } from '../constructs/encryption.construct';
import { FailoverConstruct } from '../constructs/failover.construct';
import { FargateServiceConstruct } from '../constructs/fargate-service.construct';
import { HealthCheckAlarmConstruct } from '../constructs/health-check-alarm.construct';
import { LoadBalancerConstruct } from '../constructs/load-balancer.construct';
import { MessagingConstruct } from '../constructs/messaging.construct';
import { NetworkConstruct } from '../constructs/network.construct';
import { OrdersTableConstruct } from '../constructs/orders-table.construct';
import { ServiceScalingConstruct } from '../constructs/service-scaling.construct';
import { nodeOptionsFor } from '../lib/node-options';
import { PermissionTargets, taskPolicyStatements } from '../lib/task-permissions';

/**
 * One environment of the order system: network, key, messaging, table, images,
 * cluster, load balancer, both services with autoscaling, alarms and, when a
 * hosted zone is configured, DNS failover to the standby page. It wires
 * constructs together and declares the outputs; every resource lives in a
 * construct.
 */
export interface OrdersStackProps {
  readonly config: StackConfig;
  /** Content hash of the image sources (see lib/source-hash.ts). */
  readonly imageTag: string;
  /** Absolute path of the repository root, where `docker build` runs. */
  readonly contextDir: string;
  readonly standbyPageHtml: string;
  /** Absolute path of the local Terraform state file (kept in infra/, gitignored). */
  readonly stateFile: string;
}

const VPC_CIDR = '10.0.0.0/16';

export class OrdersStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id);
    const { config } = props;
    const names = resourceNames(config.environment);
    const { prefix } = names;

    // Without this, cdktf puts the state in the directory the app was started from.
    new LocalBackend(this, { path: props.stateFile });
    const tags = { Project: 'resilient-orders', Environment: config.environment, ManagedBy: 'cdktf' };
    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags }] });
    const aws = {
      accountId: new DataAwsCallerIdentity(this, 'caller').accountId,
      partition: new DataAwsPartition(this, 'partition').partition,
      region: config.region,
    };

    const { key } = new EncryptionConstruct(this, 'encryption', {
      names,
      aws,
      deletionWindowInDays: config.protectData ? 30 : 7,
      preventDestroy: config.protectData,
    });
    const network = new NetworkConstruct(this, 'network', {
      prefix,
      aws,
      cidrBlock: VPC_CIDR,
      natGatewayPerAz: config.natGatewayPerAz,
      kmsKeyArn: key.arn,
      logRetentionDays: config.logRetentionDays,
    });
    const messaging = new MessagingConstruct(this, 'messaging', {
      names,
      settings: MESSAGING_SETTINGS,
      kmsKeyArn: key.arn,
    });
    const { table } = new OrdersTableConstruct(this, 'data', {
      names,
      schema: ORDERS_TABLE_SCHEMA,
      kmsKeyArn: key.arn,
      protectData: config.protectData,
    });

    // The task roles' statements come from APP_PERMISSIONS (libs/aws-resources), the
    // one table the e2e proving ground also checks the apps' recorded AWS calls against.
    const permissionTargets: PermissionTargets = {
      arns: {
        topic: messaging.topic.arn,
        queue: messaging.queue.arn,
        deadLetterQueue: messaging.deadLetterQueue.arn,
        table: table.arn,
      },
      kmsKeyArn: key.arn,
    };

    const image = (app: string) =>
      new ContainerImageConstruct(this, `${app}-image`, {
        repositoryName: `${prefix}/${app}`,
        app,
        imageTag: props.imageTag,
        contextDir: props.contextDir,
        dockerfile: DOCKERFILE,
        region: config.region,
        imageRetentionCount: config.imageRetentionCount,
        kmsKeyArn: key.arn,
      });
    const receiverImage = image(RECEIVER_SERVICE.name);
    const processorImage = image(PROCESSOR_SERVICE.name);

    const cluster = new ClusterConstruct(this, 'cluster', { name: prefix });
    const loadBalancer = new LoadBalancerConstruct(this, 'load-balancer', {
      prefix,
      vpcId: network.vpc.id,
      vpcCidr: network.vpc.cidrBlock,
      publicSubnetIds: network.publicSubnets.map((subnet) => subnet.id),
      targetPort: RECEIVER_SERVICE.port,
      healthCheckPath: RECEIVER_SERVICE.livenessPath,
      deregistrationDelaySeconds: RECEIVER_SERVICE.deregistrationDelaySeconds,
      idleTimeoutSeconds: HTTP_SETTINGS.albIdleTimeoutSeconds,
      publicPathPatterns: RECEIVER_SERVICE.publicPathPatterns,
      certificateArn: config.certificateArn,
    });

    const common = {
      prefix,
      aws,
      cluster,
      cpu: config.taskCpu,
      memory: config.taskMemory,
      vpcId: network.vpc.id,
      subnetIds: network.privateSubnets.map((subnet) => subnet.id),
      egress: network.privateEgress,
      kmsKeyArn: key.arn,
      logRetentionDays: config.logRetentionDays,
    };
    const shared = {
      AWS_REGION: config.region,
      ORDERS_TABLE_NAME: table.name,
      PROCESSING_TIME_MS: String(config.app.processingTimeMs),
      FAILURE_RATE: String(config.app.failureRate),
      LOG_LEVEL: config.app.logLevel,
      NODE_OPTIONS: nodeOptionsFor(config.taskMemory),
    };

    const receiver = new FargateServiceConstruct(this, 'receiver', {
      ...common,
      appName: RECEIVER_SERVICE.name,
      image: receiverImage.imageUri,
      repositoryArn: receiverImage.repository.arn,
      imageBuild: receiverImage.build,
      desiredCount: config.receiver.desiredCount,
      capacity: config.receiver.capacity,
      containerPort: RECEIVER_SERVICE.port,
      healthCheckPath: RECEIVER_SERVICE.livenessPath,
      stopTimeoutSeconds: RECEIVER_SERVICE.stopTimeoutSeconds,
      environment: {
        ...shared,
        PORT: String(RECEIVER_SERVICE.port),
        ORDERS_TOPIC_ARN: messaging.topic.arn,
        TRUST_PROXY_HOPS: String(RECEIVER_SERVICE.trustProxyHops),
        THROTTLE_LIMIT: String(config.app.throttleLimit),
        THROTTLE_TTL_MS: String(config.app.throttleTtlMs),
      },
      taskPolicy: taskPolicyStatements(APP_PERMISSIONS[RECEIVER_SERVICE.name], permissionTargets),
      ingressFromSecurityGroupId: loadBalancer.securityGroup.id,
      loadBalancer: { targetGroupArn: loadBalancer.targetGroup.arn, listener: loadBalancer.forwardRule },
    });

    const processor = new FargateServiceConstruct(this, 'processor', {
      ...common,
      appName: PROCESSOR_SERVICE.name,
      image: processorImage.imageUri,
      repositoryArn: processorImage.repository.arn,
      imageBuild: processorImage.build,
      desiredCount: config.processor.desiredCount,
      capacity: config.processor.capacity,
      containerPort: PROCESSOR_SERVICE.port,
      healthCheckPath: PROCESSOR_SERVICE.livenessPath,
      stopTimeoutSeconds: PROCESSOR_SERVICE.stopTimeoutSeconds,
      environment: {
        ...shared,
        PROCESSOR_PORT: String(PROCESSOR_SERVICE.port),
        ORDERS_QUEUE_URL: messaging.queue.url,
        ORDERS_DLQ_URL: messaging.deadLetterQueue.url,
        PROCESSOR_CONCURRENCY: String(config.app.processorConcurrency),
        SHUTDOWN_TIMEOUT_MS: String(PROCESSOR_SERVICE.shutdownTimeoutMs),
      },
      taskPolicy: taskPolicyStatements(APP_PERMISSIONS[PROCESSOR_SERVICE.name], permissionTargets),
    });

    new ServiceScalingConstruct(this, 'receiver-scaling', {
      clusterName: cluster.cluster.name,
      serviceName: receiver.service.name,
      minCapacity: config.receiver.desiredCount,
      maxCapacity: config.receiver.maxCount,
      cpuTargetPercent: 60,
      requestsPerTarget: {
        resourceLabel: `${loadBalancer.loadBalancer.arnSuffix}/${loadBalancer.targetGroup.arnSuffix}`,
        target: 1000,
      },
    });
    new ServiceScalingConstruct(this, 'processor-scaling', {
      clusterName: cluster.cluster.name,
      serviceName: processor.service.name,
      minCapacity: config.processor.desiredCount,
      maxCapacity: config.processor.maxCount,
      queueBacklogPerTask: { queueName: messaging.queue.name, target: config.processor.targetBacklogPerTask },
    });

    const alarms = new AlarmsConstruct(this, 'alarms', {
      prefix,
      queueName: messaging.queue.name,
      deadLetterQueueName: messaging.deadLetterQueue.name,
      loadBalancerArnSuffix: loadBalancer.loadBalancer.arnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix,
      oldestMessageAgeSeconds: 300,
      http5xxThreshold: 10,
      kmsKeyArn: key.arn,
      alarmEmail: config.alarmEmail,
      clusterName: cluster.cluster.name,
      // Literal names (the services are named after their apps): they also name the alarms.
      serviceNames: [RECEIVER_SERVICE.name, PROCESSOR_SERVICE.name],
      topicName: messaging.topic.name,
      tableName: table.name,
    });

    const failover = config.domain
      ? new FailoverConstruct(this, 'failover', {
          prefix,
          domain: config.domain,
          loadBalancer: {
            dnsName: loadBalancer.loadBalancer.dnsName,
            zoneId: loadBalancer.loadBalancer.zoneId,
          },
          healthCheck: {
            protocol: loadBalancer.protocol,
            port: loadBalancer.port,
            path: RECEIVER_SERVICE.readinessPath,
          },
          standbyPageHtml: props.standbyPageHtml,
        })
      : undefined;
    if (failover) {
      new HealthCheckAlarmConstruct(this, 'health-check-alarm', {
        prefix,
        aws,
        healthCheckId: failover.healthCheck.id,
        alarmTopicArn: alarms.topic.arn,
        alarmEmail: config.alarmEmail,
        providerDefaultTags: tags,
      });
    }

    const output = (id: string, value: string, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output('alb_url', loadBalancer.url, 'Load balancer URL (the receiver API)');
    output('swagger_url', `${loadBalancer.url}/docs`, 'Swagger UI');
    output('queue_url', messaging.queue.url, 'Orders queue');
    output('dead_letter_queue_url', messaging.deadLetterQueue.url, 'Dead-letter queue');
    output('topic_arn', messaging.topic.arn, 'Orders topic');
    output('table_name', table.name, 'Orders table');
    output(
      'receiver_repository_url',
      receiverImage.repository.repositoryUrl,
      'ECR repository of the order-receiver',
    );
    output(
      'processor_repository_url',
      processorImage.repository.repositoryUrl,
      'ECR repository of the order-processor',
    );
    output('image_tag', props.imageTag, 'Content-hash tag of the deployed images');
    output('alarm_topic_arn', alarms.topic.arn, 'SNS topic the alarms notify');
    if (failover && config.domain) {
      const scheme = loadBalancer.protocol.toLowerCase();
      output(
        'failover_record',
        config.domain.recordName,
        'Route 53 failover record (ALB, else standby page)',
      );
      output(
        'service_url',
        `${scheme}://${config.domain.recordName}`,
        'Public URL through the failover record',
      );
      output(
        'standby_website_url',
        `http://${failover.standbyWebsite.websiteEndpoint}`,
        'Standby page, direct',
      );
    }
  }
}
