import { Construct } from 'constructs';
import { ITerraformDependable, Op, ref } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { AwsContext } from '../lib/aws-context';
import { assertCapacitySplit, assertFargateSize, CapacitySplit } from '../lib/fargate-sizing';
import { assertLeastPrivilege, assumeRolePolicy, policyDocument, PolicyStatement } from '../lib/iam-policy';
import { ClusterConstruct, FARGATE, FARGATE_SPOT } from './cluster.construct';

export interface FargateServiceProps {
  /** Service and container name, e.g. `order-receiver`. */
  readonly appName: string;
  /** Environment prefix, e.g. `orders-dev`; task family and role names start with it. */
  readonly prefix: string;
  readonly aws: AwsContext;
  readonly cluster: ClusterConstruct;
  readonly image: string;
  /**
   * ARN of the managed policy set as both roles' permissions boundary (permissions-boundary.ts).
   * @default none: no boundary
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * `user[:group]` the container runs as, never root: with every Linux capability dropped and a
   * read-only root filesystem, a compromised process can change nothing in its container.
   */
  readonly user: string;
  /** ARN of the ECR repository the image comes from (execution role scope). */
  readonly repositoryArn: string;
  /**
   * The image build step; the task definition waits for it.
   * @default none: the task definition waits for nothing (the image must already be in ECR)
   */
  readonly imageBuild?: ITerraformDependable;
  readonly cpu: number;
  readonly memory: number;
  readonly desiredCount: number;
  readonly capacity: CapacitySplit;
  readonly containerPort: number;
  /** Path the container health check requests on `containerPort`. */
  readonly healthCheckPath: string;
  /** Seconds between SIGTERM and SIGKILL (Fargate maximum 120). */
  readonly stopTimeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Variables ECS reads from Secrets Manager when it starts a task, by name: the value is a
   * secret's ARN. The execution role may read exactly these secrets; they must be encrypted with
   * `kmsKeyArn`, which it may decrypt. The values never appear in the task definition.
   * @default none
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** What the app may do in AWS; every statement names its actions and resources. */
  readonly taskPolicy: readonly PolicyStatement[];
  readonly vpcId: string;
  readonly subnetIds: string[];
  /**
   * What gives `subnetIds` their way out (route tables with the NAT route, their
   * associations, gateway endpoints). The service waits for them: a task started
   * earlier cannot pull its image or reach the AWS APIs.
   */
  readonly egress: readonly ITerraformDependable[];
  /**
   * The only security group allowed to reach `containerPort`.
   * @default none: no ingress rule at all
   */
  readonly ingressFromSecurityGroupId?: string;
  /**
   * Register tasks with this target group. `listener` is what attaches the group to the
   * load balancer (a listener or listener rule): ECS rejects a group without one.
   * @default none: no target group and no health-check grace period
   */
  readonly loadBalancer?: { readonly targetGroupArn: string; readonly listener: ITerraformDependable };
  /**
   * CloudWatch alarms ECS watches during a deployment and its bake time; one in ALARM fails the
   * deployment and rolls it back. They must be able to return to OK (missing data not breaching).
   * @default none: only the circuit breaker (failed task starts and health checks) rolls back
   */
  readonly deploymentAlarms?: { readonly alarmNames: readonly string[] };
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
}

/**
 * One app as an ECS service on Fargate: task definition (image, environment,
 * container health check, stop timeout), a task role with exactly the
 * statements given, an execution role that can only pull this app's image and
 * write this app's logs, a log group, a security group (ingress only from the
 * given source, HTTPS egress for the AWS APIs) and the service itself with its
 * FARGATE / FARGATE_SPOT strategy in private subnets without a public IP.
 * A deploy waits for the service to settle and fails when ECS rolled the new
 * revision back.
 */
export class FargateServiceConstruct extends Construct {
  public readonly service: EcsService;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly taskRole: IamRole;
  public readonly executionRole: IamRole;
  public readonly securityGroup: SecurityGroup;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    validate(props);
    const family = `${props.prefix}-${props.appName}`;
    this.logGroup = this.createLogGroup(family, props);
    const execution = this.createExecutionRole(family, props);
    this.executionRole = execution.role;
    const task = this.createTaskRole(family, props);
    this.taskRole = task.role;
    this.taskDefinition = this.createTaskDefinition(family, props);
    this.securityGroup = this.createSecurityGroup(family, props);
    // Roles exist before their inline policies: the service waits for both, or its first tasks
    // may start (and fail to pull, log or call AWS) before IAM has their permissions.
    this.service = this.createService(props, [execution.policy, task.policy]);
  }

  private createLogGroup(family: string, props: FargateServiceProps): CloudwatchLogGroup {
    return new CloudwatchLogGroup(this, 'logs', {
      name: `/ecs/${family}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
      // The apps' order metrics are embedded-metric-format lines in these logs: CloudWatch extracts
      // them in the Standard class (Infrequent Access has only a subset of its features), and a
      // group's class cannot change once it exists.
      logGroupClass: 'STANDARD',
    });
  }

  /** The role ECS uses to start a task: pull this app's image and write this app's logs, nothing else. */
  private createExecutionRole(family: string, props: FargateServiceProps): RoleWithPolicy {
    const role = new IamRole(this, 'execution-role', {
      name: `${family}-execution`,
      assumeRolePolicy: assumeRolePolicy('ecs-tasks.amazonaws.com', props.aws.accountId),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    const policy = new IamRolePolicy(this, 'execution-policy', {
      role: role.id,
      policy: policyDocument([
        // GetAuthorizationToken has no resource-level permissions: `*` is the only valid resource.
        { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        {
          sid: 'PullOwnImage',
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
          resources: [props.repositoryArn],
        },
        {
          // The image layers and the task's secrets are encrypted with the environment's key.
          sid: 'DecryptOwnImageAndSecrets',
          actions: ['kms:Decrypt'],
          resources: [props.kmsKeyArn],
        },
        {
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${this.logGroup.arn}:*`],
        },
        ...secretStatements(props.secrets),
      ]),
    });
    return { role, policy };
  }

  /** The role the app's code runs as: exactly the statements of `props.taskPolicy`. */
  private createTaskRole(family: string, props: FargateServiceProps): RoleWithPolicy {
    const role = new IamRole(this, 'task-role', {
      name: `${family}-task`,
      assumeRolePolicy: assumeRolePolicy('ecs-tasks.amazonaws.com', props.aws.accountId),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    const policy = new IamRolePolicy(this, 'task-policy', {
      role: role.id,
      policy: policyDocument(props.taskPolicy),
    });
    return { role, policy };
  }

  private createTaskDefinition(family: string, props: FargateServiceProps): EcsTaskDefinition {
    return new EcsTaskDefinition(this, 'task', {
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      dependsOn: props.imageBuild ? [props.imageBuild] : undefined,
      containerDefinitions: JSON.stringify([this.containerDefinition(props)]),
    });
  }

  /**
   * The app's one container: a non-root user, no Linux capabilities, a read-only root filesystem,
   * init process, health check, awslogs.
   */
  private containerDefinition(props: FargateServiceProps) {
    const { appName, containerPort } = props;
    return {
      name: appName,
      image: props.image,
      essential: true,
      portMappings: [{ containerPort, protocol: 'tcp' }],
      environment: Object.entries(props.environment)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      ...(props.secrets
        ? {
            secrets: Object.entries(props.secrets)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([name, valueFrom]) => ({ name, valueFrom })),
          }
        : {}),
      // The apps write nothing to disk (logs go to stdout), so they need neither a writable root
      // filesystem nor any capability: a port above 1024 needs none.
      user: props.user,
      readonlyRootFilesystem: true,
      linuxParameters: {
        // Forwards SIGTERM to node and reaps zombies.
        initProcessEnabled: true,
        capabilities: { drop: ['ALL'] },
      },
      stopTimeout: props.stopTimeoutSeconds,
      healthCheck: {
        command: healthCheckCommand(`http://127.0.0.1:${containerPort}${props.healthCheckPath}`),
        interval: 15,
        timeout: 5,
        retries: 3,
        startPeriod: 30,
      },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': this.logGroup.name,
          'awslogs-region': props.aws.region,
          'awslogs-stream-prefix': appName,
        },
      },
    };
  }

  /** Ingress only from the given security group, egress only HTTPS to the AWS APIs. */
  private createSecurityGroup(family: string, props: FargateServiceProps): SecurityGroup {
    const { containerPort } = props;
    return new SecurityGroup(this, 'security-group', {
      // A generated name and create-before-destroy: a replaced group is created and given to the
      // service before the old one goes, which a fixed name would not allow.
      namePrefix: `${family}-`,
      tags: { Name: family },
      lifecycle: { createBeforeDestroy: true },
      description: `${family} tasks`,
      vpcId: props.vpcId,
      ingress: props.ingressFromSecurityGroupId
        ? [
            {
              description: 'From the load balancer only',
              protocol: 'tcp',
              fromPort: containerPort,
              toPort: containerPort,
              securityGroups: [props.ingressFromSecurityGroupId],
            },
          ]
        : [],
      egress: [
        {
          // SNS, SQS, DynamoDB, ECR and CloudWatch APIs through the NAT gateway (DNS is not filtered by security groups).
          description: 'HTTPS to the AWS APIs',
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ['0.0.0.0/0'],
        },
      ],
    });
  }

  /**
   * The service: capacity-provider strategy, private subnets without a public IP, optional
   * target group, rolling deploys with the circuit breaker, and a deploy that waits for a
   * steady state and fails when ECS rolled the new revision back.
   */
  private createService(props: FargateServiceProps, rolePolicies: readonly IamRolePolicy[]): EcsService {
    const { appName, capacity, containerPort } = props;
    return new EcsService(this, 'service', {
      name: appName,
      cluster: props.cluster.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount,
      platformVersion: 'LATEST',
      capacityProviderStrategy: [
        { capacityProvider: FARGATE, base: capacity.fargateBase, weight: capacity.fargateWeight },
        { capacityProvider: FARGATE_SPOT, base: 0, weight: capacity.spotWeight },
      ],
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: [this.securityGroup.id],
        assignPublicIp: false,
      },
      loadBalancer: props.loadBalancer
        ? [{ targetGroupArn: props.loadBalancer.targetGroupArn, containerName: appName, containerPort }]
        : undefined,
      healthCheckGracePeriodSeconds: props.loadBalancer ? 30 : undefined,
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: props.deploymentAlarms
        ? { alarmNames: [...props.deploymentAlarms.alarmNames], enable: true, rollback: true }
        : undefined,
      // `cdktf deploy` returns only once the deployment has settled (default timeout 20 min).
      waitForSteadyState: true,
      // The provider rejects a changed capacity_provider_strategy on an existing service unless
      // this is set (e.g. prod's processor base going from 0 to 1). The cost: an update that would
      // not need new tasks (say, another grace period) also rolls them, through the same deployment.
      forceNewDeployment: true,
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      lifecycle: {
        // Autoscaling owns the task count after the first deploy.
        ignoreChanges: ['desired_count'],
        postcondition: [this.runsNewRevision(appName)],
      },
      dependsOn: [
        props.cluster.capacityProviders,
        ...rolePolicies,
        ...props.egress,
        ...(props.loadBalancer ? [props.loadBalancer.listener] : []),
      ],
    });
  }

  /**
   * A circuit-breaker rollback also ends in a steady state, so wait_for_steady_state alone
   * reports success (open: hashicorp/terraform-provider-aws#19519, #20858). After the wait the
   * provider re-reads the service, whose task_definition is then the revision ECS rolled back
   * to: comparing it with the revision just registered fails the apply. A postcondition rather
   * than a local-exec `aws ecs describe-services` check: no shell, CLI or credentials of its
   * own, and it runs inside the same apply; a `check` block would only warn.
   */
  private runsNewRevision(appName: string) {
    return {
      condition: Op.eq(ref('self.task_definition'), this.taskDefinition.arn),
      errorMessage: `${appName}: the new task definition did not become the running one (ECS rolled the deployment back; see the service events)`,
    };
  }
}

/** An IAM role and its inline policy: whatever must wait for the permissions depends on the policy. */
interface RoleWithPolicy {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
}

/** Variables that exist for local runs only, and what setting them on AWS would do. */
const NEVER_ON_AWS: Readonly<Record<string, string>> = {
  COGNITO_JWKS_URL:
    "the receiver would trust keys other than the user pool's own (the emulator signs with a published key)",
  AUTH_DISABLED: "anyone could submit and read any customer's orders without a token",
};

/** The execution role reads the task's secrets (GetSecretValue, when ECS starts a task) and no others. */
function secretStatements(secrets: FargateServiceProps['secrets']): PolicyStatement[] {
  const arns = [...new Set(Object.values(secrets ?? {}))];
  if (arns.length === 0) return [];
  return [{ sid: 'ReadOwnSecrets', actions: ['secretsmanager:GetSecretValue'], resources: arns }];
}

/** Requests `url` with Node's own fetch: the image needs no curl or wget. */
function healthCheckCommand(url: string): string[] {
  return [
    'CMD',
    'node',
    '-e',
    `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ];
}

function validate(props: FargateServiceProps): void {
  const label = `FargateServiceConstruct(${props.appName})`;
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(props.appName)) throw new Error(`${label}: invalid app name`);
  if (`${props.prefix}-${props.appName}-execution`.length > 64)
    throw new Error(`${label}: role names exceed 64`);
  assertFargateSize(props.cpu, props.memory);
  assertCapacitySplit(label, props.capacity);
  if (!Number.isInteger(props.desiredCount) || props.desiredCount < 0) {
    throw new Error(`${label}: desiredCount must be a non-negative integer`);
  }
  if (!Number.isInteger(props.containerPort) || props.containerPort < 1 || props.containerPort > 65535) {
    throw new Error(`${label}: invalid container port ${props.containerPort}`);
  }
  if (!props.healthCheckPath.startsWith('/')) throw new Error(`${label}: healthCheckPath must start with /`);
  if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(props.user) || /^(0|root)(:|$)/.test(props.user)) {
    throw new Error(`${label}: user must be a non-root user[:group], got "${props.user}"`);
  }
  if (
    !Number.isInteger(props.stopTimeoutSeconds) ||
    props.stopTimeoutSeconds < 2 ||
    props.stopTimeoutSeconds > 120
  ) {
    throw new Error(`${label}: stopTimeoutSeconds must be 2-120 (the Fargate maximum)`);
  }
  if (props.subnetIds.length === 0) throw new Error(`${label}: at least one subnet is needed`);
  if (props.deploymentAlarms?.alarmNames.length === 0) {
    throw new Error(`${label}: deploymentAlarms must name at least one alarm`);
  }
  if (props.egress.length === 0) {
    throw new Error(`${label}: egress must name what routes the subnets out (tasks would start without it)`);
  }
  const both = Object.keys(props.secrets ?? {}).filter((name) => name in props.environment);
  if (both.length > 0) throw new Error(`${label}: ${both.join(', ')} set both as a value and as a secret`);
  const endpoint = Object.keys(props.environment).find((name) => name.startsWith('AWS_ENDPOINT_URL'));
  if (endpoint) {
    throw new Error(`${label}: ${endpoint} points the SDK at an emulator and must not be set in AWS`);
  }
  for (const name of [...Object.keys(props.environment), ...Object.keys(props.secrets ?? {})]) {
    const reason = NEVER_ON_AWS[name];
    if (reason) throw new Error(`${label}: ${name} must not be set in AWS: ${reason}`);
  }
  assertLeastPrivilege(`${label} task policy`, props.taskPolicy);
}
