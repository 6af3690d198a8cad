import { assertValidEnvironment } from '@app/aws-resources';
import { assertCapacitySplit, assertFargateSize, CapacitySplit } from '../lib/fargate-sizing';
import { failoverDomain, FailoverDomain } from '../lib/failover-domain';
import { isDeployableImageTag } from './image-repositories';
import { stateKeyOf } from './state-key';
import { WEB_ACL } from './web-acl';

/** How many tasks of one app run, and on which capacity. */
export interface ServiceSizing {
  /** Tasks at deploy time and the autoscaling minimum. */
  readonly desiredCount: number;
  /** Autoscaling maximum. */
  readonly maxCount: number;
  /** FARGATE / FARGATE_SPOT split. */
  readonly capacity: CapacitySplit;
}

/** Where Terraform keeps the state in S3 (INFRA_STATE_BUCKET, INFRA_STATE_REGION, INFRA_STATE_KEY). */
export interface RemoteState {
  /** An existing bucket, versioned and encrypted (the bootstrap app creates one). */
  readonly bucket: string;
  readonly region: string;
  /** Object key of this environment's state; one key per environment, never shared. */
  readonly key: string;
}

/** Values passed to the apps as environment variables. */
export interface AppSettings {
  readonly processingTimeMs: number;
  readonly failureRate: number;
  readonly throttleLimit: number;
  readonly throttleTtlMs: number;
  readonly logLevel: string;
  /** Orders each processor task works on at once (PROCESSOR_CONCURRENCY). */
  readonly processorConcurrency: number;
}

/**
 * Everything that varies between deployments, with per-environment defaults.
 *
 * `INFRA_ENVIRONMENT` picks the environment (default `dev`); each `INFRA_*`
 * variable below overrides one value. `loadStackConfig` is the only place that
 * reads them, and it validates every value, so a bad input fails at synth time
 * with the variable's name. The table in infra/README.md lists them all. The capacity plan
 * (loadtest/bench/capacity) reads the defaults from the bench's build, so this file and its imports
 * stay free of CDKTF.
 */
export interface StackConfig {
  /** Environment name; every resource name derives from it. */
  readonly environment: string;
  readonly region: string;
  /** One NAT gateway per AZ (resilient to an AZ outage) instead of one shared. */
  readonly natGatewayPerAz: boolean;
  /** Task size shared by both apps: CPU units and memory MiB. */
  readonly taskCpu: number;
  readonly taskMemory: number;
  readonly receiver: ServiceSizing & {
    /** ALB requests per task per minute the receiver autoscaling aims for. */
    readonly targetRequestsPerTask: number;
  };
  readonly processor: ServiceSizing & {
    /** Visible messages per running task the processor autoscaling aims for. */
    readonly targetBacklogPerTask: number;
  };
  readonly app: AppSettings;
  /**
   * Route 53 failover to the standby (INFRA_HOSTED_ZONE, INFRA_RECORD_NAME); without
   * `certificateArn`, the stack also creates and DNS-validates a certificate for the record.
   * @default none: no failover record, health check or standby
   */
  readonly domain?: FailoverDomain;
  /**
   * ACM certificate for the HTTPS listener (INFRA_CERTIFICATE_ARN).
   * @default none: the stack's own certificate with a domain, else HTTP only (not in HTTPS_ONLY_ENVIRONMENTS)
   */
  readonly certificateArn?: string;
  /**
   * Address subscribed to the alarm topic; the subscription must be confirmed (INFRA_ALARM_EMAIL).
   * @default none: the alarm topic has no subscriber
   */
  readonly alarmEmail?: string;
  readonly logRetentionDays: number;
  /** Images kept per ECR repository. */
  readonly imageRetentionCount: number;
  /** Deletion protection and prevent_destroy on the table and its key. */
  readonly protectData: boolean;
  /**
   * Keep declaring the table orders were kept in while keyed by orderId alone
   * (INFRA_RETAIN_LEGACY_TABLE), so that Terraform neither changes nor destroys it. Set false
   * only once it is retired as docs/migration.md says: then the next apply destroys it unless
   * it was removed from the state first.
   */
  readonly retainLegacyTable: boolean;
  /**
   * Create the account's ECS service-linked role, AWSServiceRoleForECS
   * (INFRA_CREATE_ECS_SERVICE_LINKED_ROLE). There is one per account, shared by every cluster, and
   * Terraform cannot create it only where it is missing: creating it fails where it exists, and
   * without it a fresh account's capacity providers and services cannot start. Off by default
   * because any account that ever ran ECS has it; infra/README.md's first-deploy steps say how to
   * check.
   */
  readonly createEcsServiceLinkedRole: boolean;
  /**
   * The WAF rate rule: requests one client IP may make per window over all receiver tasks
   * (INFRA_WAF_RATE_LIMIT, INFRA_WAF_RATE_WINDOW_SECONDS).
   */
  readonly waf: { readonly rateLimit: number; readonly rateWindowSeconds: number };
  /**
   * Serve Swagger UI and /docs-json (the receiver's API_DOCS_ENABLED) and forward /docs* through
   * the load balancer (INFRA_API_DOCS). On in dev only: the published contract is docs/openapi.json.
   */
  readonly apiDocs: boolean;
  /**
   * The S3 backend, with Terraform's native lock file, for a team or a pipeline (INFRA_STATE_BUCKET).
   * @default none: a local state file in infra/, for one person on one machine
   */
  readonly state?: RemoteState;
  /**
   * Deploy images already pushed with this tag to the repositories every environment shares
   * (INFRA_IMAGE_TAG, e.g. the commit SHA; infra/config/image-repositories.ts): nothing is built.
   * @default none: build both images on deploy, tagged with a hash of the tracked sources, into
   * the environment's own repositories
   */
  readonly imageTag?: string;
  /**
   * Set the environment's permissions boundary, `orders-<env>-permissions-boundary` (which the
   * bootstrap creates in the account), on every role the stack creates (INFRA_PERMISSIONS_BOUNDARY):
   * the bootstrap's deploy roles may create and change roles only with it. Off where no bootstrap ran.
   */
  readonly permissionsBoundary: boolean;
}

type Defaults = Omit<
  StackConfig,
  'environment' | 'domain' | 'certificateArn' | 'alarmEmail' | 'waf' | 'state' | 'imageTag'
>;

const BASE_DEFAULTS: Defaults = {
  region: 'us-east-1',
  natGatewayPerAz: false,
  taskCpu: 256,
  taskMemory: 512,
  receiver: {
    desiredCount: 1,
    maxCount: 4,
    capacity: { fargateBase: 1, fargateWeight: 1, spotWeight: 1 },
    targetRequestsPerTask: 1000,
  },
  processor: {
    desiredCount: 1,
    maxCount: 4,
    capacity: { fargateBase: 0, fargateWeight: 1, spotWeight: 4 },
    targetBacklogPerTask: 100,
  },
  // The apps' own defaults (libs/config), so a deploy behaves like `npm run local` unless overridden.
  app: {
    processingTimeMs: 3000,
    failureRate: 0,
    throttleLimit: 100,
    throttleTtlMs: 1000,
    logLevel: 'info',
    processorConcurrency: 10,
  },
  logRetentionDays: 30,
  imageRetentionCount: 10,
  protectData: true,
  retainLegacyTable: true,
  createEcsServiceLinkedRole: false,
  apiDocs: false,
  permissionsBoundary: false,
};

/** Per-environment overrides of the base defaults; any other name gets the base. */
export const ENVIRONMENT_DEFAULTS: Readonly<Record<string, Partial<Defaults>>> = {
  dev: { protectData: false, logRetentionDays: 14, apiDocs: true },
  prod: {
    natGatewayPerAz: true,
    taskCpu: 512,
    taskMemory: 1024,
    receiver: {
      desiredCount: 2,
      maxCount: 10,
      capacity: { fargateBase: 2, fargateWeight: 1, spotWeight: 1 },
      // Below what a task carries at the CPU target, so at load this policy sizes the receiver;
      // docs/capacity.md gives the value a planned rate needs.
      targetRequestsPerTask: 1000,
    },
    processor: {
      desiredCount: 2,
      maxCount: 20,
      // See ON_DEMAND_PROCESSOR_ENVIRONMENTS.
      capacity: { fargateBase: 1, fargateWeight: 1, spotWeight: 4 },
      targetBacklogPerTask: 100,
    },
    logRetentionDays: 90,
  },
};

/** Average CPU (%) the receiver autoscaling holds, in every environment. */
export const RECEIVER_CPU_TARGET_PERCENT = 60;

/**
 * Environments whose processors keep at least one task on on-demand FARGATE. ECS never
 * falls back from FARGATE_SPOT to FARGATE: with base 0, a Spot capacity shortage can leave
 * no processor running while orders pile up in the queue.
 */
export const ON_DEMAND_PROCESSOR_ENVIRONMENTS: readonly string[] = ['prod'];

/**
 * Environments that serve HTTPS only: they need INFRA_HOSTED_ZONE (the stack's own certificate)
 * or INFRA_CERTIFICATE_ARN. The receiver sends HSTS, and tokens and orders must not cross the
 * internet in clear text.
 */
export const HTTPS_ONLY_ENVIRONMENTS: readonly string[] = ['prod'];

/**
 * Throws when an environment of HTTPS_ONLY_ENVIRONMENTS has no certificate to serve. Checked when
 * the stack is built, not by loadStackConfig, whose defaults the capacity plan reads without a domain.
 */
export function assertHttpsWhereRequired(config: StackConfig): void {
  if (!HTTPS_ONLY_ENVIRONMENTS.includes(config.environment)) return;
  if (config.domain === undefined && config.certificateArn === undefined) {
    throw new Error(
      `${config.environment} serves HTTPS only: set INFRA_HOSTED_ZONE (and INFRA_RECORD_NAME), for which the ` +
        'stack creates and DNS-validates a certificate, or INFRA_CERTIFICATE_ARN',
    );
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's trimmed value; unset and empty are the same (a workflow's unset `vars.X` is ''). */
export function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw ?? fallback}"`);
  }
  return value;
}

function num(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw ?? fallback}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function matching(
  env: Env,
  name: string,
  pattern: RegExp,
  hint: string,
  fallback?: string,
): string | undefined {
  const value = read(env, name) ?? fallback;
  if (value !== undefined && !pattern.test(value)) throw new Error(`${name} must be ${hint}, got "${value}"`);
  return value;
}

/** What INFRA_REGION and INFRA_STATE_REGION must look like. */
const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** INFRA_REGION, validated, or the fallback (the bootstrap app reads it too). */
export function awsRegion(env: Env, fallback: string): string {
  return matching(env, 'INFRA_REGION', AWS_REGION_PATTERN, 'an AWS region such as eu-west-1', fallback)!;
}

/** The retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

function logRetention(env: Env, fallback: number): number {
  const value = int(env, 'INFRA_LOG_RETENTION_DAYS', fallback, 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(value)) {
    throw new Error(
      `INFRA_LOG_RETENTION_DAYS must be one of ${LOG_RETENTION_DAYS.join(', ')}, got "${value}"`,
    );
  }
  return value;
}

function sizing(env: Env, app: 'RECEIVER' | 'PROCESSOR', defaults: ServiceSizing): ServiceSizing {
  const prefix = `INFRA_${app}`;
  const desiredCount = int(env, `${prefix}_DESIRED_COUNT`, defaults.desiredCount, 1, 1000);
  const maxCount = int(env, `${prefix}_MAX_COUNT`, defaults.maxCount, 1, 1000);
  if (maxCount < desiredCount) {
    throw new Error(
      `${prefix}_MAX_COUNT (${maxCount}) must be at least ${prefix}_DESIRED_COUNT (${desiredCount})`,
    );
  }
  const capacity = {
    fargateBase: int(env, `${prefix}_FARGATE_BASE`, defaults.capacity.fargateBase, 0, 100000),
    fargateWeight: int(env, `${prefix}_FARGATE_WEIGHT`, defaults.capacity.fargateWeight, 0, 1000),
    spotWeight: int(env, `${prefix}_SPOT_WEIGHT`, defaults.capacity.spotWeight, 0, 1000),
  };
  assertCapacitySplit(`${prefix}_*`, capacity);
  return { desiredCount, maxCount, capacity };
}

/** Builds and validates the stack configuration from `INFRA_*` variables. */
export function loadStackConfig(env: Env): StackConfig {
  const environment = read(env, 'INFRA_ENVIRONMENT') ?? 'dev';
  assertValidEnvironment(environment);
  const defaults = defaultsFor(environment);
  const { taskCpu, taskMemory } = taskSize(env, defaults);
  const { region, certificateArn } = regionAndCertificate(env, defaults.region);
  const processor = processorSizing(env, environment, defaults.processor);
  const { hostedZone, recordName } = failoverRecord(env);
  return {
    environment,
    region,
    natGatewayPerAz: bool(env, 'INFRA_NAT_PER_AZ', defaults.natGatewayPerAz),
    taskCpu,
    taskMemory,
    receiver: {
      ...sizing(env, 'RECEIVER', defaults.receiver),
      targetRequestsPerTask: int(
        env,
        'INFRA_RECEIVER_REQUESTS_PER_TARGET',
        defaults.receiver.targetRequestsPerTask,
        1,
        1000000,
      ),
    },
    processor: {
      ...processor,
      targetBacklogPerTask: int(
        env,
        'INFRA_PROCESSOR_TARGET_BACKLOG',
        defaults.processor.targetBacklogPerTask,
        1,
        100000,
      ),
    },
    app: appSettings(env, defaults.app),
    domain: hostedZone === undefined ? undefined : failoverDomain(hostedZone, recordName),
    certificateArn,
    alarmEmail: matching(env, 'INFRA_ALARM_EMAIL', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address'),
    logRetentionDays: logRetention(env, defaults.logRetentionDays),
    imageRetentionCount: int(env, 'INFRA_IMAGE_RETENTION_COUNT', defaults.imageRetentionCount, 1, 1000),
    protectData: bool(env, 'INFRA_PROTECT_DATA', defaults.protectData),
    retainLegacyTable: bool(env, 'INFRA_RETAIN_LEGACY_TABLE', defaults.retainLegacyTable),
    createEcsServiceLinkedRole: bool(
      env,
      'INFRA_CREATE_ECS_SERVICE_LINKED_ROLE',
      defaults.createEcsServiceLinkedRole,
    ),
    apiDocs: bool(env, 'INFRA_API_DOCS', defaults.apiDocs),
    waf: wafSettings(env),
    state: remoteState(env, environment, region),
    imageTag: imageTag(env),
    permissionsBoundary: bool(env, 'INFRA_PERMISSIONS_BOUNDARY', defaults.permissionsBoundary),
  };
}

/**
 * INFRA_STATE_BUCKET, INFRA_STATE_REGION (default: the stack's region) and INFRA_STATE_KEY (default:
 * `orders-<env>/terraform.tfstate`). Region or key without a bucket is a mistake, not local state.
 */
function remoteState(env: Env, environment: string, stackRegion: string): RemoteState | undefined {
  const bucket = matching(
    env,
    'INFRA_STATE_BUCKET',
    /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)',
  );
  const region = matching(env, 'INFRA_STATE_REGION', AWS_REGION_PATTERN, 'an AWS region such as eu-west-1');
  const key = matching(
    env,
    'INFRA_STATE_KEY',
    /^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]{0,1023}$/,
    'an S3 object key without a leading slash',
  );
  if (bucket === undefined) {
    const stray =
      region !== undefined ? 'INFRA_STATE_REGION' : key !== undefined ? 'INFRA_STATE_KEY' : undefined;
    if (stray) throw new Error(`${stray} needs INFRA_STATE_BUCKET (the S3 bucket that holds the state)`);
    return undefined;
  }
  return {
    bucket,
    region: region ?? stackRegion,
    key: key ?? stateKeyOf(environment),
  };
}

/** INFRA_IMAGE_TAG: a docker tag, never `latest`. */
function imageTag(env: Env): string | undefined {
  const tag = read(env, 'INFRA_IMAGE_TAG');
  if (tag !== undefined && !isDeployableImageTag(tag)) {
    throw new Error(
      `INFRA_IMAGE_TAG must be a docker tag (letters, digits, _ . -, at most 128, not starting with . or -) other than latest, got "${tag}"`,
    );
  }
  return tag;
}

/** INFRA_WAF_RATE_LIMIT and INFRA_WAF_RATE_WINDOW_SECONDS, within what WAF accepts. */
function wafSettings(env: Env): StackConfig['waf'] {
  const { rateLimit, rateWindowSeconds } = WEB_ACL;
  const rateWindow = int(env, 'INFRA_WAF_RATE_WINDOW_SECONDS', rateWindowSeconds.default, 1, 3600);
  if (!rateWindowSeconds.allowed.includes(rateWindow)) {
    throw new Error(
      `INFRA_WAF_RATE_WINDOW_SECONDS must be one of ${rateWindowSeconds.allowed.join(', ')}, got "${rateWindow}"`,
    );
  }
  return {
    rateLimit: int(env, 'INFRA_WAF_RATE_LIMIT', rateLimit.default, rateLimit.min, rateLimit.max),
    rateWindowSeconds: rateWindow,
  };
}

/** The base defaults with the environment's overrides on top. */
function defaultsFor(environment: string): Defaults {
  const preset = ENVIRONMENT_DEFAULTS[environment] ?? {};
  return {
    ...BASE_DEFAULTS,
    ...preset,
    app: { ...BASE_DEFAULTS.app, ...preset.app },
  };
}

/** INFRA_TASK_CPU and INFRA_TASK_MEMORY, which together must be a size Fargate runs. */
function taskSize(env: Env, defaults: Defaults): { taskCpu: number; taskMemory: number } {
  const taskCpu = int(env, 'INFRA_TASK_CPU', defaults.taskCpu, 256, 16384);
  const taskMemory = int(env, 'INFRA_TASK_MEMORY', defaults.taskMemory, 512, 122880);
  assertFargateSize(taskCpu, taskMemory);
  return { taskCpu, taskMemory };
}

/**
 * INFRA_REGION and INFRA_CERTIFICATE_ARN. An ALB listener only takes a certificate from its own
 * region; AWS would say so only at apply.
 */
function regionAndCertificate(
  env: Env,
  defaultRegion: string,
): { region: string; certificateArn: string | undefined } {
  const region = awsRegion(env, defaultRegion);
  const certificateArn = matching(
    env,
    'INFRA_CERTIFICATE_ARN',
    /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
    'an ACM certificate ARN',
  );
  const certificateRegion = certificateArn?.split(':')[3];
  if (certificateRegion !== undefined && certificateRegion !== region) {
    throw new Error(
      `INFRA_CERTIFICATE_ARN is in ${certificateRegion} but INFRA_REGION is ${region}: ` +
        'the load balancer needs an ACM certificate from its own region',
    );
  }
  return { region, certificateArn };
}

/** The processor's INFRA_PROCESSOR_* sizing, with an on-demand base where the environment needs one. */
function processorSizing(env: Env, environment: string, defaults: ServiceSizing): ServiceSizing {
  const processor = sizing(env, 'PROCESSOR', defaults);
  if (ON_DEMAND_PROCESSOR_ENVIRONMENTS.includes(environment) && processor.capacity.fargateBase < 1) {
    throw new Error(
      `INFRA_PROCESSOR_FARGATE_BASE must be at least 1 in ${environment}: ` +
        'ECS never moves Spot tasks to on-demand, so base 0 can leave no processor running',
    );
  }
  return processor;
}

/** INFRA_HOSTED_ZONE and INFRA_RECORD_NAME; a record needs the zone that holds it. */
function failoverRecord(env: Env): { hostedZone: string | undefined; recordName: string | undefined } {
  const hostedZone = read(env, 'INFRA_HOSTED_ZONE');
  const recordName = read(env, 'INFRA_RECORD_NAME');
  if (recordName !== undefined && hostedZone === undefined) {
    throw new Error('INFRA_RECORD_NAME needs INFRA_HOSTED_ZONE (the Route 53 zone that holds the record)');
  }
  return { hostedZone, recordName };
}

/** The settings passed on to the apps, each from its INFRA_* variable. */
function appSettings(env: Env, defaults: AppSettings): AppSettings {
  return {
    processingTimeMs: int(env, 'INFRA_PROCESSING_TIME_MS', defaults.processingTimeMs, 0, 600000),
    failureRate: num(env, 'INFRA_FAILURE_RATE', defaults.failureRate, 0, 1),
    throttleLimit: int(env, 'INFRA_THROTTLE_LIMIT', defaults.throttleLimit, 1, 1000000),
    throttleTtlMs: int(env, 'INFRA_THROTTLE_TTL_MS', defaults.throttleTtlMs, 100, 3600000),
    logLevel: matching(
      env,
      'INFRA_LOG_LEVEL',
      /^(fatal|error|warn|info|debug|trace|silent)$/,
      'a pino level',
      defaults.logLevel,
    )!,
    processorConcurrency: int(env, 'INFRA_PROCESSOR_CONCURRENCY', defaults.processorConcurrency, 1, 1000),
  };
}
