/**
 * The capacity plan: what the stack needs on AWS to carry R orders per second — receiver and
 * processor tasks, PROCESSOR_CONCURRENCY, the SNS, SQS and DynamoDB traffic against the quotas that
 * apply, ALB capacity units, the autoscaling maxima and the monthly cost — from the per-order figures
 * the bench measures (CPU, AWS requests by operation) and the constants below. Pure arithmetic.
 *
 * Every figure carries its provenance: `measured` (a bench run), `aws-docs` (the AWS document that
 * states it) or `assumption` (a stated value, the stack's own settings included). A computed figure
 * lists the provenance of everything it was computed from. docs/capacity.md is the plan written out.
 */
import { HTTP_SETTINGS, MESSAGING_SETTINGS } from '@app/aws-resources';
import { commonEnvSchema, processorEnvSchema } from '@app/config';
import { dynamoUnits, PRICES } from '../usage/cost';

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
export interface CapacitySplit {
  readonly fargateBase: number;
  readonly fargateWeight: number;
  readonly spotWeight: number;
}

/**
 * The stack's own settings the plan builds on. infra/ is not part of the build the bench runs from, so
 * they are restated here; capacity-plan.spec.ts fails when infra/ changes one of them.
 */
export const STACK = {
  cpuTargetPercent: assumed(
    60,
    "the receiver's autoscaling CPU target (RECEIVER_CPU_TARGET_PERCENT, infra/stacks/orders.stack.ts), " +
      'held for the processor too',
  ),
  requestsPerTargetPerMinute: assumed(
    1_000,
    "the receiver's ALB request-count target per task per minute (RECEIVER_REQUESTS_PER_TARGET, " +
      'infra/stacks/orders.stack.ts)',
  ),
  taskVcpu: assumed(0.5, 'the prod task size, INFRA_TASK_CPU=512 (infra/config/stack-config.ts)'),
  taskMemoryGb: assumed(1, 'the prod task size, INFRA_TASK_MEMORY=1024'),
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
  receiverSplit: {
    fargateBase: 2,
    fargateWeight: 1,
    spotWeight: 1,
  } satisfies CapacitySplit,
  processorSplit: {
    fargateBase: 1,
    fargateWeight: 1,
    spotWeight: 4,
  } satisfies CapacitySplit,
} as const;

/** The autoscaling maxima infra/ deploys today (infra/config/stack-config.ts), and the variable that sets each. */
export const STACK_SCALING = {
  receiver: { dev: 4, prod: 10, setting: 'INFRA_RECEIVER_MAX_COUNT', settingMax: 1000 },
  processor: { dev: 4, prod: 20, setting: 'INFRA_PROCESSOR_MAX_COUNT', settingMax: 1000 },
  processorConcurrency: { default: 10, setting: 'INFRA_PROCESSOR_CONCURRENCY', settingMax: 1000 },
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

export interface CapacityInputs {
  readonly ordersPerSecond: number;
  /** Receiver CPU per accepted async order. */
  readonly receiverCpuMsPerOrder: Figure;
  /** Processor CPU per processed order, at load. */
  readonly processorCpuMsPerOrder: Figure;
  /** The receiver's AWS requests per accepted async order. */
  readonly intakeRequests: RequestsPerOrder;
  /** The processor's AWS requests per processed order. */
  readonly processingRequests: RequestsPerOrder;
  readonly fulfilmentSeconds: Figure;
  /** @default PRICES.region */
  readonly region?: string;
}

/**
 * The per-order figures docs/capacity.md is computed from: the latest the bench measured. The report's
 * "Capacity plan" falls back to each one that its run did not measure.
 */
export const DOCUMENTED_DEFAULTS = {
  receiverCpuMsPerOrder: measured(
    5.3,
    'receiver CPU per accepted async order, 5.3 ms (latest bench, docs/capacity.md)',
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
} as const satisfies Omit<CapacityInputs, 'ordersPerSecond' | 'fulfilmentSeconds' | 'region'>;

/** The plan's inputs from the documented defaults and the assumed fulfilment time. */
export function documentedInputs(ordersPerSecond: number): CapacityInputs {
  return { ordersPerSecond, ...DOCUMENTED_DEFAULTS, fulfilmentSeconds: ASSUMPTIONS.fulfilmentSeconds };
}

/** A computed figure: its value, how it follows, and the provenance of everything it follows from. */
export interface PlanLine {
  readonly item: string;
  readonly value: number;
  readonly unit: string;
  readonly formula: string;
  readonly basis: readonly Provenance[];
}

export interface ServicePlan {
  /** vCPU the orders keep busy: R × CPU ms per order / 1000. */
  readonly busyVcpu: PlanLine;
  /** busy vCPU / the CPU target: what autoscaling provisions. */
  readonly vcpu: PlanLine;
  readonly tasks: PlanLine;
  readonly onDemandTasks: PlanLine;
  readonly spotTasks: PlanLine;
}

export interface ReceiverPlan extends ServicePlan {
  /** Tasks the request-count policy asks for, which scales out when either policy asks. */
  readonly tasksByRequestPolicy: PlanLine;
  readonly dynamoInFlightPerTask: PlanLine;
}

export interface ProcessorPlan extends ServicePlan {
  /** Little's law: orders in flight = R × T. */
  readonly inFlight: PlanLine;
  readonly cpuTasks: PlanLine;
  readonly concurrencyTasks: PlanLine;
  /** PROCESSOR_CONCURRENCY per task: the orders in flight split over the tasks. */
  readonly concurrencyPerTask: PlanLine;
  /** ceil(concurrency / 10) long polls per task. */
  readonly longPolls: PlanLine;
  /** What the open long polls cost with an empty queue. */
  readonly idleReceivesPerSecond: PlanLine;
  readonly dynamoInFlightPerTask: PlanLine;
}

export interface TrafficPlan {
  readonly snsMessagesPerSecond: PlanLine;
  readonly snsRequestsPerSecond: PlanLine;
  readonly sqsReceivesPerSecond: PlanLine;
  readonly sqsDeletesPerSecond: PlanLine;
  readonly sqsRequestsPerSecond: PlanLine;
  readonly dynamoWriteUnitsPerSecond: PlanLine;
  readonly dynamoReadUnitsPerSecond: PlanLine;
  /** Doublings of an on-demand table's previous peak from a new table's 4,000 writes/s, 30 minutes each. */
  readonly dynamoRampMinutes: PlanLine;
}

export interface AlbPlan {
  readonly newConnectionsPerSecond: PlanLine;
  readonly activeConnections: PlanLine;
  readonly processedGbPerHour: PlanLine;
  readonly ruleEvaluationsPerSecond: PlanLine;
  /** The LCUs billed: the largest of the four dimensions. */
  readonly lcu: PlanLine;
}

export type QuotaVerdict = 'within' | 'near' | 'over';

export interface QuotaCheck {
  readonly quota: string;
  readonly need: PlanLine;
  readonly limit: Limit;
  /** need / limit */
  readonly share: number;
  readonly verdict: QuotaVerdict;
}

/** An autoscaling maximum the plan needs beside what infra/ deploys and the variable that sets it. */
export interface ScalingNeed {
  readonly setting: string;
  readonly needed: PlanLine;
  readonly devDefault: number;
  readonly prodDefault: number;
  readonly settingMax: number;
  readonly enough: { readonly dev: boolean; readonly prod: boolean; readonly setting: boolean };
  /** What else decides how far the service scales. */
  readonly note?: string;
}

export interface CapacityPlan {
  readonly ordersPerSecond: number;
  readonly region: string;
  readonly receiver: ReceiverPlan;
  readonly processor: ProcessorPlan;
  readonly traffic: TrafficPlan;
  readonly alb: AlbPlan;
  readonly quotas: readonly QuotaCheck[];
  readonly scaling: readonly ScalingNeed[];
  readonly monthlyCost: readonly PlanLine[];
  readonly monthlyTotal: PlanLine;
}

/**
 * Rounds up, ignoring floating-point noise: 7.8 / 0.6 / 0.5 is 26.000000000000004, and 26 tasks
 * are enough.
 */
export function ceilCount(x: number): number {
  return Math.max(0, Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x))));
}

/** Little's law: the number in the system is the arrival rate times the time each spends in it. */
export function littlesLaw(perSecond: number, seconds: number): number {
  return perSecond * seconds;
}

/**
 * Tasks on on-demand FARGATE and on FARGATE_SPOT: the first `fargateBase` on FARGATE, the rest by weight
 * (on-demand rounded up: a Spot shortage never leaves the base short).
 */
export function splitTasks(tasks: number, split: CapacitySplit): { onDemand: number; spot: number } {
  const base = Math.min(tasks, split.fargateBase);
  const rest = tasks - base;
  const weights = split.fargateWeight + split.spotWeight;
  const onDemand = base + (weights === 0 ? rest : ceilCount((rest * split.fargateWeight) / weights));
  return { onDemand, spot: tasks - onDemand };
}

/** Requests per order of one service ("sns", "sqs", "dynamodb"), all operations. */
export function serviceRequests(perOrder: Readonly<Record<string, number>>, service: string): number {
  return Object.entries(perOrder)
    .filter(([call]) => call.split(' ')[0].toLowerCase() === service)
    .reduce((sum, [, n]) => sum + n, 0);
}

/** DynamoDB write and read units per order, under COST_ASSUMPTIONS (items below 1 KB, reads below 4 KB). */
export function dynamoUnitsPerOrder(perOrder: Readonly<Record<string, number>>): {
  write: number;
  read: number;
} {
  let write = 0;
  let read = 0;
  for (const [call, n] of Object.entries(perOrder)) {
    const [service, operation = ''] = call.split(' ');
    if (service.toLowerCase() !== 'dynamodb') continue;
    const units = dynamoUnits(operation);
    write += units.write * n;
    read += units.read * n;
  }
  return { write, read };
}

export function quotaVerdict(share: number, margin: number): QuotaVerdict {
  return share > 1 ? 'over' : share > margin ? 'near' : 'within';
}

type Basis = Figure | PlanLine | Provenance | RequestsPerOrder;

function provenanceOf(b: Basis): readonly Provenance[] {
  if ('basis' in b) return b.basis;
  if ('kind' in b) return [b];
  return [b.source];
}

function line(item: string, value: number, unit: string, formula: string, ...basis: Basis[]): PlanLine {
  const seen = new Map<string, Provenance>();
  for (const p of basis.flatMap(provenanceOf)) seen.set(JSON.stringify(p), p);
  return { item, value, unit, formula, basis: [...seen.values()] };
}

const f = (n: number, digits = 2) => Number(n.toFixed(digits)).toLocaleString('en-US');

export function capacityPlan(inputs: CapacityInputs): CapacityPlan {
  const R = inputs.ordersPerSecond;
  const rate = assumed(R, `the planned rate, ${R.toLocaleString('en-US')} accepted async orders/s`);
  const region = inputs.region ?? PRICES.region;
  const receiver = planReceiver(rate, inputs);
  const processor = planProcessor(rate, inputs);
  const traffic = planTraffic(rate, inputs);
  const alb = planAlb(rate);
  return {
    ordersPerSecond: R,
    region,
    receiver,
    processor,
    traffic,
    alb,
    quotas: checkQuotas(region, receiver, processor, traffic),
    scaling: scalingNeeds(receiver, processor),
    ...monthlyCost(rate, receiver, processor, traffic, alb),
  };
}

function planService(
  name: string,
  rate: Figure,
  cpuMs: Figure,
  split: CapacitySplit,
  tasksFrom: (cpuTasks: PlanLine) => PlanLine,
): ServicePlan & { cpuTasks: PlanLine } {
  const { cpuTargetPercent, taskVcpu } = STACK;
  const busyVcpu = line(
    `${name} vCPU busy`,
    (rate.value * cpuMs.value) / 1000,
    'vCPU',
    `R × ${f(cpuMs.value)} ms / 1000`,
    rate,
    cpuMs,
  );
  const vcpu = line(
    `${name} vCPU at the CPU target`,
    busyVcpu.value / (cpuTargetPercent.value / 100),
    'vCPU',
    `busy vCPU / ${cpuTargetPercent.value} %`,
    busyVcpu,
    cpuTargetPercent,
  );
  const cpuTasks = line(
    `${name} tasks for CPU`,
    Math.max(1, ceilCount(vcpu.value / taskVcpu.value)),
    'tasks',
    `ceil(vCPU / ${taskVcpu.value} vCPU per task)`,
    vcpu,
    taskVcpu,
  );
  const tasks = tasksFrom(cpuTasks);
  const { onDemand, spot } = splitTasks(tasks.value, split);
  const splitNote = `base ${split.fargateBase} on FARGATE, then FARGATE:FARGATE_SPOT ${split.fargateWeight}:${split.spotWeight}`;
  const splitSource: Provenance = {
    kind: 'assumption',
    what: `the prod capacity split of the ${name} (infra/config/stack-config.ts): ${splitNote}`,
  };
  return {
    busyVcpu,
    vcpu,
    cpuTasks,
    tasks,
    onDemandTasks: line(`${name} tasks on FARGATE`, onDemand, 'tasks', splitNote, tasks, splitSource),
    spotTasks: line(`${name} tasks on FARGATE_SPOT`, spot, 'tasks', splitNote, tasks, splitSource),
  };
}

function dynamoInFlight(name: string, rate: Figure, requests: RequestsPerOrder, tasks: PlanLine): PlanLine {
  const calls = serviceRequests(requests.perOrder, 'dynamodb');
  const latency = ASSUMPTIONS.dynamoLatencyMs;
  return line(
    `${name} DynamoDB calls in flight per task`,
    littlesLaw((rate.value * calls) / tasks.value, latency.value / 1000),
    'calls',
    `R × ${f(calls)} calls per order / tasks × ${latency.value} ms (Little's law)`,
    rate,
    requests,
    tasks,
    latency,
  );
}

function planReceiver(rate: Figure, inputs: CapacityInputs): ReceiverPlan {
  const plan = planService('receiver', rate, inputs.receiverCpuMsPerOrder, STACK.receiverSplit, (t) => ({
    ...t,
    item: 'receiver tasks',
  }));
  const perMinute = STACK.requestsPerTargetPerMinute;
  return {
    busyVcpu: plan.busyVcpu,
    vcpu: plan.vcpu,
    tasks: plan.tasks,
    onDemandTasks: plan.onDemandTasks,
    spotTasks: plan.spotTasks,
    tasksByRequestPolicy: line(
      'receiver tasks the request-count policy asks for',
      ceilCount((rate.value * 60) / perMinute.value),
      'tasks',
      `ceil(R × 60 / ${perMinute.value} requests per task per minute)`,
      rate,
      perMinute,
    ),
    dynamoInFlightPerTask: dynamoInFlight('receiver', rate, inputs.intakeRequests, plan.tasks),
  };
}

function planProcessor(rate: Figure, inputs: CapacityInputs): ProcessorPlan {
  const T = inputs.fulfilmentSeconds;
  const max = STACK.processorConcurrencyMax;
  const inFlight = line(
    'orders in flight',
    littlesLaw(rate.value, T.value),
    'orders',
    `R × T = R × ${f(T.value)} s (Little's law)`,
    rate,
    T,
  );
  const concurrencyTasks = line(
    'processor tasks for concurrency',
    ceilCount(inFlight.value / max.value),
    'tasks',
    `ceil(in flight / ${max.value} per task)`,
    inFlight,
    max,
  );
  const plan = planService(
    'processor',
    rate,
    inputs.processorCpuMsPerOrder,
    STACK.processorSplit,
    (cpuTasks) =>
      line(
        'processor tasks',
        Math.max(cpuTasks.value, concurrencyTasks.value),
        'tasks',
        'max(tasks for CPU, tasks for concurrency)',
        cpuTasks,
        concurrencyTasks,
      ),
  );
  const concurrencyPerTask = line(
    'PROCESSOR_CONCURRENCY per task',
    Math.max(1, ceilCount(inFlight.value / plan.tasks.value)),
    'orders',
    'ceil(in flight / processor tasks)',
    inFlight,
    plan.tasks,
  );
  const perReceive = AWS_LIMITS.sqsMessagesPerReceive;
  const longPolls = line(
    'long polls open',
    plan.tasks.value * Math.ceil(concurrencyPerTask.value / perReceive.value),
    'receives',
    `tasks × ceil(PROCESSOR_CONCURRENCY / ${perReceive.value})`,
    plan.tasks,
    concurrencyPerTask,
    perReceive,
  );
  const wait = STACK.receiveWaitSeconds;
  return {
    ...plan,
    inFlight,
    concurrencyTasks,
    concurrencyPerTask,
    longPolls,
    idleReceivesPerSecond: line(
      'receives per second with an empty queue',
      longPolls.value / wait.value,
      'requests/s',
      `long polls / ${wait.value} s`,
      longPolls,
      wait,
    ),
    dynamoInFlightPerTask: dynamoInFlight('processor', rate, inputs.processingRequests, plan.tasks),
  };
}

function planTraffic(rate: Figure, inputs: CapacityInputs): TrafficPlan {
  const R = rate.value;
  const intake = inputs.intakeRequests;
  const processing = inputs.processingRequests.perOrder;
  const perBatch = AWS_LIMITS.sqsMessagesPerReceive;
  const snsRequests = serviceRequests(intake.perOrder, 'sns');
  // A receive or delete call carries at most 10 messages, so at least R / 10 of each per second.
  const receives = Math.max(R * (processing['sqs ReceiveMessage'] ?? 0), R / perBatch.value);
  const deletes = Math.max(
    R * ((processing['sqs DeleteMessageBatch'] ?? 0) + (processing['sqs DeleteMessage'] ?? 0)),
    R / AWS_LIMITS.sqsEntriesPerBatch.value,
  );
  const otherSqs =
    serviceRequests(processing, 'sqs') -
    (processing['sqs ReceiveMessage'] ?? 0) -
    (processing['sqs DeleteMessageBatch'] ?? 0) -
    (processing['sqs DeleteMessage'] ?? 0);
  const units = dynamoUnitsPerOrder({ ...sumRequests(intake.perOrder, processing) });
  const newTable = AWS_LIMITS.dynamoNewTableWriteUnits;
  const writeUnits = R * units.write;
  const doublings = writeUnits > newTable.value ? Math.ceil(Math.log2(writeUnits / newTable.value)) : 0;
  const doubling = AWS_LIMITS.dynamoPeakDoublingMinutes;
  const requests = inputs.processingRequests;
  const receivesLine = line(
    'SQS receives per second',
    receives,
    'requests/s',
    `max(R × ${f(processing['sqs ReceiveMessage'] ?? 0, 3)} per order, R / ${perBatch.value})`,
    rate,
    requests,
    perBatch,
  );
  const deletesLine = line(
    'SQS DeleteMessageBatch per second',
    deletes,
    'requests/s',
    `max(R × deletes per order, R / ${AWS_LIMITS.sqsEntriesPerBatch.value})`,
    rate,
    requests,
    AWS_LIMITS.sqsEntriesPerBatch,
  );
  return {
    snsMessagesPerSecond: line(
      'SNS messages published per second',
      R,
      'messages/s',
      'R: the receiver publishes each accepted order once (a single Publish, order.publisher.ts)',
      rate,
    ),
    snsRequestsPerSecond: line(
      'SNS requests per second',
      R * snsRequests,
      'requests/s',
      `R × ${f(snsRequests)} per order`,
      rate,
      intake,
    ),
    sqsReceivesPerSecond: receivesLine,
    sqsDeletesPerSecond: deletesLine,
    sqsRequestsPerSecond: line(
      'SQS requests per second',
      receives + deletes + R * Math.max(0, otherSqs),
      'requests/s',
      'receives + deletes + R × other SQS calls per order',
      receivesLine,
      deletesLine,
      requests,
    ),
    dynamoWriteUnitsPerSecond: line(
      'DynamoDB write units per second',
      writeUnits,
      'WRU/s',
      `R × ${f(units.write)} write units per order (intake + processing)`,
      rate,
      intake,
      requests,
    ),
    dynamoReadUnitsPerSecond: line(
      'DynamoDB read units per second',
      R * units.read,
      'RRU/s',
      `R × ${f(units.read)} read units per order (intake + processing)`,
      rate,
      intake,
      requests,
    ),
    dynamoRampMinutes: line(
      'on-demand ramp from a new table, without pre-warming',
      doublings * doubling.value,
      'minutes',
      `ceil(log2(write units / ${newTable.value})) doublings × ${doubling.value} min`,
      rate,
      intake,
      requests,
      newTable,
      doubling,
    ),
  };
}

function sumRequests(...all: Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const perOrder of all)
    for (const [call, n] of Object.entries(perOrder)) out[call] = (out[call] ?? 0) + n;
  return out;
}

function planAlb(rate: Figure): AlbPlan {
  const R = rate.value;
  const { requestBytes, responseBytes, requestsPerConnection, connectionSeconds } = ASSUMPTIONS;
  const L = AWS_LIMITS;
  const newConnectionsPerSecond = line(
    'ALB new connections per second',
    R / requestsPerConnection.value,
    'connections/s',
    `R / ${requestsPerConnection.value} requests per connection`,
    rate,
    requestsPerConnection,
  );
  const activeConnections = line(
    'ALB active connections',
    littlesLaw(newConnectionsPerSecond.value, connectionSeconds.value),
    'connections',
    `new connections/s × ${connectionSeconds.value} s (Little's law)`,
    newConnectionsPerSecond,
    connectionSeconds,
  );
  const processedGbPerHour = line(
    'ALB processed bytes',
    (R * (requestBytes.value + responseBytes.value) * 3600) / 1e9,
    'GB/h',
    `R × (${requestBytes.value} + ${responseBytes.value}) bytes × 3600 / 10^9`,
    rate,
    requestBytes,
    responseBytes,
  );
  const ruleEvaluationsPerSecond = line(
    'ALB billed rule evaluations per second',
    R * Math.max(0, STACK.listenerRules.value - L.albFreeRules.value),
    'evaluations/s',
    `R × max(0, ${STACK.listenerRules.value} rules − ${L.albFreeRules.value} free)`,
    rate,
    STACK.listenerRules,
    L.albFreeRules,
  );
  const byDimension = [
    newConnectionsPerSecond.value / L.albNewConnectionsPerLcu.value,
    activeConnections.value / L.albActiveConnectionsPerLcu.value,
    processedGbPerHour.value / L.albGbPerHourPerLcu.value,
    ruleEvaluationsPerSecond.value / L.albRuleEvaluationsPerLcu.value,
  ];
  return {
    newConnectionsPerSecond,
    activeConnections,
    processedGbPerHour,
    ruleEvaluationsPerSecond,
    lcu: line(
      'ALB load-balancer capacity units',
      Math.max(...byDimension),
      'LCU',
      `max(new/${L.albNewConnectionsPerLcu.value}, active/${L.albActiveConnectionsPerLcu.value}, ` +
        `GB per h/${L.albGbPerHourPerLcu.value}, rule evaluations/${L.albRuleEvaluationsPerLcu.value})`,
      newConnectionsPerSecond,
      activeConnections,
      processedGbPerHour,
      ruleEvaluationsPerSecond,
      L.albNewConnectionsPerLcu,
      L.albActiveConnectionsPerLcu,
      L.albGbPerHourPerLcu,
      L.albRuleEvaluationsPerLcu,
    ),
  };
}

function checkQuotas(
  region: string,
  receiver: ReceiverPlan,
  processor: ProcessorPlan,
  traffic: TrafficPlan,
): QuotaCheck[] {
  const margin = ASSUMPTIONS.quotaMargin.value;
  const check = (quota: string, need: PlanLine, lim: Limit): QuotaCheck => {
    const share = need.value / lim.value;
    return { quota, need, limit: lim, share, verdict: quotaVerdict(share, margin) };
  };
  const { taskVcpu } = STACK;
  const vcpu = (name: string, a: PlanLine, b: PlanLine) =>
    line(
      `${name} vCPU`,
      (a.value + b.value) * taskVcpu.value,
      'vCPU',
      `(receiver + processor tasks) × ${taskVcpu.value} vCPU`,
      a,
      b,
      taskVcpu,
    );
  const dynamoBound = (name: string): Limit => ({
    ...STACK.dynamoMaxInFlight,
    adjustable: true,
    raise: `DYNAMODB_MAX_IN_FLIGHT (an app setting) for the ${name}`,
  });
  return [
    check('SNS messages published per second', traffic.snsMessagesPerSecond, snsPublishQuota(region)),
    check('SQS in-flight messages per queue', processor.inFlight, AWS_LIMITS.sqsInFlightPerQueue),
    check(
      'DynamoDB table write throughput',
      traffic.dynamoWriteUnitsPerSecond,
      AWS_LIMITS.dynamoTableWriteUnits,
    ),
    check(
      'DynamoDB table read throughput',
      traffic.dynamoReadUnitsPerSecond,
      AWS_LIMITS.dynamoTableReadUnits,
    ),
    check(
      'DynamoDB new on-demand table, writes at once',
      traffic.dynamoWriteUnitsPerSecond,
      AWS_LIMITS.dynamoNewTableWriteUnits,
    ),
    check(
      'DynamoDB new on-demand table, reads at once',
      traffic.dynamoReadUnitsPerSecond,
      AWS_LIMITS.dynamoNewTableReadUnits,
    ),
    check(
      'Fargate On-Demand vCPU',
      vcpu('FARGATE', receiver.onDemandTasks, processor.onDemandTasks),
      AWS_LIMITS.fargateOnDemandVcpu,
    ),
    check(
      'Fargate Spot vCPU',
      vcpu('FARGATE_SPOT', receiver.spotTasks, processor.spotTasks),
      AWS_LIMITS.fargateSpotVcpu,
    ),
    check(
      'receiver DynamoDB calls in flight per task',
      receiver.dynamoInFlightPerTask,
      dynamoBound('receiver'),
    ),
    check(
      'processor DynamoDB calls in flight per task',
      processor.dynamoInFlightPerTask,
      dynamoBound('processor'),
    ),
  ];
}

function scalingNeeds(receiver: ReceiverPlan, processor: ProcessorPlan): ScalingNeed[] {
  const need = (setting: string, needed: PlanLine, s: { dev: number; prod: number; settingMax: number }) => ({
    setting,
    needed,
    devDefault: s.dev,
    prodDefault: s.prod,
    settingMax: s.settingMax,
    enough: {
      dev: s.dev >= needed.value,
      prod: s.prod >= needed.value,
      setting: s.settingMax >= needed.value,
    },
  });
  const c = STACK_SCALING.processorConcurrency;
  const byRequests = receiver.tasksByRequestPolicy.value;
  return [
    {
      ...need(STACK_SCALING.receiver.setting, receiver.tasks, STACK_SCALING.receiver),
      note:
        byRequests > receiver.tasks.value
          ? `the request-count policy asks for ${byRequests} tasks and scales out whenever one policy asks, ` +
            `so the receiver runs at its maximum; RECEIVER_REQUESTS_PER_TARGET (${STACK.requestsPerTargetPerMinute.value} ` +
            'per task per minute, infra/stacks/orders.stack.ts) has no INFRA_* setting'
          : undefined,
    },
    need(STACK_SCALING.processor.setting, processor.tasks, STACK_SCALING.processor),
    need(c.setting, processor.concurrencyPerTask, {
      dev: c.default,
      prod: c.default,
      settingMax: c.settingMax,
    }),
  ];
}

function monthlyCost(
  rate: Figure,
  receiver: ReceiverPlan,
  processor: ProcessorPlan,
  traffic: TrafficPlan,
  alb: AlbPlan,
): { monthlyCost: PlanLine[]; monthlyTotal: PlanLine } {
  const { hoursPerMonth, natBytesPerOrder, logBytesPerOrder } = ASSUMPTIONS;
  const priceBook = PRICE_BOOK;
  const hours = hoursPerMonth.value;
  const seconds = hours * 3600;
  const { taskVcpu, taskMemoryGb } = STACK;
  const P = PRICES;
  const taskHour = taskVcpu.value * P.fargatePerVcpuHour + taskMemoryGb.value * P.fargatePerGbHour;
  const tasks = (name: string, t: PlanLine) =>
    line(
      `${name} tasks (Fargate, on-demand prices)`,
      t.value * taskHour * hours,
      'USD/month',
      `${t.value} tasks × (${taskVcpu.value} vCPU × $${P.fargatePerVcpuHour} + ${taskMemoryGb.value} GB × ` +
        `$${P.fargatePerGbHour}) × ${hours} h`,
      t,
      taskVcpu,
      taskMemoryGb,
      hoursPerMonth,
      priceBook,
    );
  const perMillion = (item: string, perSecond: PlanLine, price: number) =>
    line(
      item,
      ((perSecond.value * seconds) / 1e6) * price,
      'USD/month',
      `${f(perSecond.value)}/s × ${hours} h × 3600 / 10^6 × $${price}`,
      perSecond,
      hoursPerMonth,
      priceBook,
    );
  const perGb = (item: string, bytes: Figure, price: number) =>
    line(
      item,
      ((rate.value * bytes.value * seconds) / 1e9) * price,
      'USD/month',
      `R × ${bytes.value} bytes × ${hours} h × 3600 / 10^9 GB × $${price}`,
      rate,
      bytes,
      hoursPerMonth,
      priceBook,
    );
  const lines = [
    tasks('receiver', receiver.tasks),
    tasks('processor', processor.tasks),
    perMillion('SNS requests', traffic.snsRequestsPerSecond, P.snsPerMillionRequests),
    perMillion('SQS requests', traffic.sqsRequestsPerSecond, P.sqsPerMillionRequests),
    perMillion('DynamoDB write units', traffic.dynamoWriteUnitsPerSecond, P.dynamoPerMillionWriteUnits),
    perMillion('DynamoDB read units', traffic.dynamoReadUnitsPerSecond, P.dynamoPerMillionReadUnits),
    line(
      'ALB hours and LCU-hours',
      (P.albPerHour + alb.lcu.value * P.albPerLcuHour) * hours,
      'USD/month',
      `($${P.albPerHour} + ${f(alb.lcu.value)} LCU × $${P.albPerLcuHour}) × ${hours} h`,
      alb.lcu,
      hoursPerMonth,
      priceBook,
    ),
    perGb('NAT gateway data processing', natBytesPerOrder, P.natPerGbProcessed),
    perGb('CloudWatch Logs ingestion (LOG_LEVEL=info)', logBytesPerOrder, P.logsPerGbIngested),
  ];
  return {
    monthlyCost: lines,
    monthlyTotal: line(
      'total',
      lines.reduce((sum, l) => sum + l.value, 0),
      'USD/month',
      'sum of the lines above',
      ...lines,
    ),
  };
}
