/**
 * The constants of the capacity plan, in one place, each with its source: the AWS quotas and limits it
 * checks (with the AWS document that states them and how to raise them), the stack's own settings
 * (read from infra/config/stack-config.ts), the stated assumptions, and the per-order figures
 * docs/capacity.md is computed from.
 *
 * Every figure carries its provenance: `measured` (a bench run), `aws-docs` (the AWS document that
 * states it) or `assumption` (a stated value, the stack's own settings included).
 */
import { HTTP_SETTINGS, MESSAGING_SETTINGS } from '@app/aws-resources';
import { commonEnvSchema, processorEnvSchema } from '@app/config';
import { loadStackConfig, RECEIVER_CPU_TARGET_PERCENT } from '../../../infra/config/stack-config';
import { PRICES } from '../usage/cost';

export type Provenance =
  | { readonly kind: 'measured'; readonly what: string }
  | { readonly kind: 'aws-docs'; readonly doc: string; readonly what: string }
  | { readonly kind: 'assumption'; readonly what: string };

/** A number and where it comes from. */
export interface Figure {
  readonly value: number;
  readonly source: Provenance;
}

/** An AWS quota or limit: adjustable ones say how to raise them. */
export interface Limit extends Figure {
  readonly adjustable: boolean;
  /** What to do when the plan needs more. */
  readonly raise: string;
}

export const measured = (value: number, what: string): Figure => ({
  value,
  source: { kind: 'measured', what },
});
export const assumed = (value: number, what: string): Figure => ({
  value,
  source: { kind: 'assumption', what },
});
const documented = (value: number, doc: string, what: string): Figure => ({
  value,
  source: { kind: 'aws-docs', doc, what },
});
const limit = (value: number, doc: string, what: string, raise?: string): Limit => ({
  ...documented(value, doc, what),
  adjustable: raise !== undefined,
  raise: raise ?? 'a hard limit: design around it',
});

const quotaIncrease = (serviceCode: string, quotaCode: string) =>
  `Service Quotas console, or \`aws service-quotas request-service-quota-increase --service-code ${serviceCode} ` +
  `--quota-code ${quotaCode} --desired-value <n>\``;

const SQS_MESSAGE_QUOTAS = 'Amazon SQS message quotas';
const SQS_QUEUE_QUOTAS = 'Amazon SQS standard queue quotas';
const DDB_GR_QUOTAS = 'Amazon DynamoDB endpoints and quotas (AWS General Reference)';
const DDB_ON_DEMAND = 'DynamoDB on-demand capacity mode (Amazon DynamoDB Developer Guide)';
const DDB_THROTTLING = 'Why is my on-demand DynamoDB table being throttled? (AWS Knowledge Center)';
const ECS_GR_QUOTAS = 'Amazon ECS endpoints and quotas (AWS General Reference)';
const ELB_PRICING = 'Elastic Load Balancing pricing (Application Load Balancer LCU dimensions)';
const SNS_GR_QUOTAS = 'Amazon SNS endpoints and quotas (AWS General Reference)';

/** AWS quotas and limits the plan checks, each with the document that states it. */
export const AWS_LIMITS = {
  sqsMessagesPerReceive: documented(10, SQS_MESSAGE_QUOTAS, 'a ReceiveMessage returns at most 10 messages'),
  sqsEntriesPerBatch: documented(10, SQS_MESSAGE_QUOTAS, 'a batch request holds at most 10 messages'),
  sqsInFlightPerQueue: limit(
    120_000,
    SQS_QUEUE_QUOTAS,
    'about 120,000 in-flight messages per standard queue',
    'a support request (Service Quotas console, Amazon SQS), or a second queue',
  ),
  dynamoTableWriteUnits: limit(
    40_000,
    DDB_GR_QUOTAS,
    'table-level write throughput limit, 40,000 write units/s (on-demand: per table)',
    quotaIncrease('dynamodb', 'L-AB614373'),
  ),
  dynamoTableReadUnits: limit(
    40_000,
    DDB_GR_QUOTAS,
    'table-level read throughput limit, 40,000 read units/s (on-demand: per table)',
    quotaIncrease('dynamodb', 'L-CF0CBE56'),
  ),
  dynamoNewTableWriteUnits: limit(
    4_000,
    DDB_ON_DEMAND,
    'a new on-demand table sustains up to 4,000 writes/s at once',
    'pre-warm: `aws dynamodb update-table --table-name <table> --warm-throughput ' +
      'ReadUnitsPerSecond=<r>,WriteUnitsPerSecond=<w>` (billed once; cannot be lowered), or ramp up over time',
  ),
  dynamoNewTableReadUnits: limit(
    12_000,
    DDB_ON_DEMAND,
    'a new on-demand table sustains up to 12,000 reads/s at once',
    'pre-warm with `aws dynamodb update-table --warm-throughput`, as for writes',
  ),
  dynamoPeakDoublingMinutes: documented(
    30,
    DDB_THROTTLING,
    'on-demand accommodates up to double the previous peak; more than that within 30 minutes can throttle',
  ),
  fargateOnDemandVcpu: limit(
    6,
    ECS_GR_QUOTAS,
    'Fargate On-Demand vCPU resource count, 6 per Region by default (new accounts may start lower)',
    quotaIncrease('fargate', 'L-3032A538'),
  ),
  fargateSpotVcpu: limit(
    6,
    ECS_GR_QUOTAS,
    'Fargate Spot vCPU resource count, 6 per Region by default',
    quotaIncrease('fargate', 'L-36FBB829'),
  ),
  albNewConnectionsPerLcu: documented(25, ELB_PRICING, 'one LCU: 25 new connections per second'),
  albActiveConnectionsPerLcu: documented(3_000, ELB_PRICING, 'one LCU: 3,000 active connections per minute'),
  albGbPerHourPerLcu: documented(1, ELB_PRICING, 'one LCU: 1 GB processed per hour (containers as targets)'),
  albRuleEvaluationsPerLcu: documented(1_000, ELB_PRICING, 'one LCU: 1,000 rule evaluations per second'),
  albFreeRules: documented(10, ELB_PRICING, 'the first 10 rules processed per request are free'),
} as const;

/** SNS messages published per second per account, by Region (standard topics; Publish and PublishBatch together). */
const SNS_MESSAGES_PER_SECOND: Readonly<Record<string, number>> = {
  'us-east-1': 30_000,
  'us-west-2': 9_000,
  'eu-west-1': 9_000,
  'us-east-2': 1_500,
  'us-west-1': 1_500,
  'ap-south-1': 1_500,
  'ap-northeast-2': 1_500,
  'ap-southeast-1': 1_500,
  'ap-southeast-2': 1_500,
  'ap-northeast-1': 1_500,
  'eu-central-1': 1_500,
};
const SNS_MESSAGES_PER_SECOND_ELSEWHERE = 300;

/** The SNS publish quota of a Region: messages, not requests (a PublishBatch of 10 counts 10). */
export function snsPublishQuota(region: string): Limit {
  const value = SNS_MESSAGES_PER_SECOND[region] ?? SNS_MESSAGES_PER_SECOND_ELSEWHERE;
  return limit(
    value,
    SNS_GR_QUOTAS,
    `${value.toLocaleString('en-US')} messages published per second per account in ${region}`,
    quotaIncrease('sns', 'L-F8E2BA85'),
  );
}

/** The processor's PROCESSOR_CONCURRENCY bound and default, read from its schema in libs/config. */
const concurrencySchema = processorEnvSchema.shape.PROCESSOR_CONCURRENCY;
const PROCESSOR_CONCURRENCY_MAX = concurrencySchema.removeDefault().maxValue ?? Infinity;
const PROCESSING_TIME_MS_DEFAULT: number = commonEnvSchema.shape.PROCESSING_TIME_MS._def.defaultValue();
const DYNAMODB_MAX_IN_FLIGHT_DEFAULT: number =
  commonEnvSchema.shape.DYNAMODB_MAX_IN_FLIGHT._def.defaultValue();

/** How a service's tasks split between on-demand FARGATE and FARGATE_SPOT (infra's capacity providers). */
export type { CapacitySplit } from '../../../infra/lib/fargate-sizing';

/** The prod and dev settings infra/ deploys when no INFRA_* variable overrides them. */
const PROD = loadStackConfig({ INFRA_ENVIRONMENT: 'prod' });
const DEV = loadStackConfig({ INFRA_ENVIRONMENT: 'dev' });
const STACK_CONFIG = 'infra/config/stack-config.ts';

/** The stack's own settings the plan builds on, read from infra/ (its prod defaults). */
export const STACK = {
  cpuTargetPercent: assumed(
    RECEIVER_CPU_TARGET_PERCENT,
    `the receiver's autoscaling CPU target, ${RECEIVER_CPU_TARGET_PERCENT} % (RECEIVER_CPU_TARGET_PERCENT, ` +
      `${STACK_CONFIG}), held for the processor too`,
  ),
  requestsPerTargetPerMinute: assumed(
    PROD.receiver.targetRequestsPerTask,
    "the receiver's ALB request-count target per task per minute, INFRA_RECEIVER_REQUESTS_PER_TARGET's prod " +
      `default ${PROD.receiver.targetRequestsPerTask} (${STACK_CONFIG})`,
  ),
  taskVcpu: assumed(
    PROD.taskCpu / 1024,
    `the prod task size, INFRA_TASK_CPU=${PROD.taskCpu} (${STACK_CONFIG})`,
  ),
  taskMemoryGb: assumed(PROD.taskMemory / 1024, `the prod task size, INFRA_TASK_MEMORY=${PROD.taskMemory}`),
  processorConcurrencyMax: assumed(
    PROCESSOR_CONCURRENCY_MAX,
    `PROCESSOR_CONCURRENCY's maximum, ${PROCESSOR_CONCURRENCY_MAX} (libs/config processor schema)`,
  ),
  receiveWaitSeconds: assumed(
    MESSAGING_SETTINGS.receiveWaitTimeSeconds,
    `the long-poll wait, ${MESSAGING_SETTINGS.receiveWaitTimeSeconds} s (libs/aws-resources MESSAGING_SETTINGS)`,
  ),
  dynamoMaxInFlight: assumed(
    DYNAMODB_MAX_IN_FLIGHT_DEFAULT,
    `DynamoDB calls on the wire per task, DYNAMODB_MAX_IN_FLIGHT's default ${DYNAMODB_MAX_IN_FLIGHT_DEFAULT} (libs/config)`,
  ),
  listenerRules: assumed(
    1,
    'the ALB forwards the public paths with one listener rule (LoadBalancerConstruct)',
  ),
  receiverSplit: PROD.receiver.capacity,
  processorSplit: PROD.processor.capacity,
} as const;

/**
 * The autoscaling settings infra/ deploys by default, and the variable that sets each: each must be at
 * least what the plan needs. The largest value each variable accepts is restated (stack-config.ts
 * validates inline); capacity-plan.spec.ts checks it.
 */
export const STACK_SCALING = {
  receiver: {
    dev: DEV.receiver.maxCount,
    prod: PROD.receiver.maxCount,
    setting: 'INFRA_RECEIVER_MAX_COUNT',
    settingMax: 1000,
  },
  processor: {
    dev: DEV.processor.maxCount,
    prod: PROD.processor.maxCount,
    setting: 'INFRA_PROCESSOR_MAX_COUNT',
    settingMax: 1000,
  },
  receiverRequestsPerTarget: {
    dev: DEV.receiver.targetRequestsPerTask,
    prod: PROD.receiver.targetRequestsPerTask,
    setting: 'INFRA_RECEIVER_REQUESTS_PER_TARGET',
    settingMax: 1_000_000,
  },
  processorConcurrency: {
    dev: DEV.app.processorConcurrency,
    prod: PROD.app.processorConcurrency,
    setting: 'INFRA_PROCESSOR_CONCURRENCY',
    settingMax: 1000,
  },
} as const;

/** The plan's stated assumptions, each with its value. */
export const ASSUMPTIONS = {
  fulfilmentSeconds: assumed(
    PROCESSING_TIME_MS_DEFAULT / 1000,
    `fulfilment time T = PROCESSING_TIME_MS's default, ${PROCESSING_TIME_MS_DEFAULT} ms (the simulator; use your own)`,
  ),
  requestBytes: assumed(1_000, 'POST /orders/async request, headers and body, 1,000 bytes'),
  responseBytes: assumed(800, '202 response, headers and body, 800 bytes'),
  requestsPerConnection: assumed(100, 'a client sends 100 requests over one keep-alive connection'),
  connectionSeconds: assumed(
    HTTP_SETTINGS.albIdleTimeoutSeconds,
    `a client connection stays open as long as the ALB idle timeout, ${HTTP_SETTINGS.albIdleTimeoutSeconds} s`,
  ),
  natBytesPerOrder: assumed(
    4_000,
    "an order's SNS publish, SQS receive and delete through the NAT gateway, TLS and headers included: 4,000 bytes",
  ),
  logBytesPerOrder: assumed(
    1_250,
    'five JSON log lines of ~250 bytes per order at LOG_LEVEL=info (the stack default); none at warn',
  ),
  dynamoLatencyMs: assumed(10, 'a DynamoDB call takes 10 ms end to end'),
  requestTargetLoad: assumed(
    0.8,
    "at the plan's task count a receiver task gets 80 % of INFRA_RECEIVER_REQUESTS_PER_TARGET: CPU sizes " +
      'the receiver, and the request-count policy adds tasks only once requests per task run 25 % above the plan',
  ),
  quotaMargin: assumed(0.8, 'a limit used above 80 % is flagged: retries and spikes need room'),
  hoursPerMonth: assumed(730, 'a month of 730 hours'),
} as const;

/** Where the prices come from: the dated list prices the bench's cost model uses. */
export const PRICE_BOOK: Provenance = {
  kind: 'aws-docs',
  doc: 'AWS pricing pages (PRICES, loadtest/bench/usage/cost.ts)',
  what: `list prices of ${PRICES.asOf}, ${PRICES.region}`,
};

/** AWS requests per order by "service operation" (aws_requests_total's labels), and where they come from. */
export interface RequestsPerOrder {
  readonly perOrder: Readonly<Record<string, number>>;
  readonly source: Provenance;
}

/** The per-order figures a plan starts from. */
export interface PerOrderFigures {
  /** Receiver CPU per accepted async order. */
  readonly receiverCpuMsPerOrder: Figure;
  /** Processor CPU per processed order, at load. */
  readonly processorCpuMsPerOrder: Figure;
  /** The receiver's AWS requests per accepted async order. */
  readonly intakeRequests: RequestsPerOrder;
  /** The processor's AWS requests per processed order. */
  readonly processingRequests: RequestsPerOrder;
}

/**
 * The per-order figures docs/capacity.md is computed from: the latest the bench measured. The report's
 * "Capacity plan" falls back to each one that its run did not measure.
 */
export const DOCUMENTED_DEFAULTS = {
  receiverCpuMsPerOrder: measured(
    5.3,
    'receiver CPU per accepted async order, 5.3 ms in the latest bench (6.9 ms in the full run of ' +
      'docs/load-testing.md)',
  ),
  processorCpuMsPerOrder: measured(
    7.8,
    'processor CPU per processed order at load, the top of 4.5–7.8 ms (docs/load-testing.md)',
  ),
  intakeRequests: {
    perOrder: { 'dynamodb PutItem': 1, 'sns Publish': 1, 'dynamodb UpdateItem': 1 },
    source: {
      kind: 'measured',
      what: 'AWS requests per accepted async order: PutItem, Publish, UpdateItem, 3.00 (docs/load-testing.md)',
    },
  },
  processingRequests: {
    perOrder: { 'dynamodb UpdateItem': 2, 'sqs ReceiveMessage': 0.1, 'sqs DeleteMessageBatch': 0.1 },
    source: {
      kind: 'assumption',
      what:
        'per processed order: 2 UpdateItem (claim, complete), 0.1 ReceiveMessage, 0.1 DeleteMessageBatch; ' +
        '2.2 in all, within the 2.13–2.27 measured at load (docs/load-testing.md)',
    },
  },
} as const satisfies PerOrderFigures;
