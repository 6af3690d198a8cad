/**
 * The capacity plan: what the stack needs on AWS to carry R orders per second — receiver and
 * processor tasks, PROCESSOR_CONCURRENCY, the SNS, SQS and DynamoDB traffic against the quotas that
 * apply, ALB capacity units, the autoscaling maxima and targets, and the monthly cost — from the
 * per-order figures the bench measures (CPU, AWS requests by operation) and the constants of
 * capacity-constants.ts.
 * Pure arithmetic. A computed figure lists the provenance of everything it was computed from.
 * docs/capacity.md is the plan written out.
 */
import { dynamoUnits, PRICES } from '../usage/cost';
import {
  assumed,
  ASSUMPTIONS,
  AWS_LIMITS,
  CapacitySplit,
  DOCUMENTED_DEFAULTS,
  Figure,
  Limit,
  PerOrderFigures,
  PRICE_BOOK,
  Provenance,
  RequestsPerOrder,
  snsPublishQuota,
  STACK,
  STACK_SCALING,
} from './capacity-constants';

export interface CapacityInputs extends PerOrderFigures {
  readonly ordersPerSecond: number;
  readonly fulfilmentSeconds: Figure;
  /** @default PRICES.region */
  readonly region?: string;
}

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
  /**
   * Tasks the request-count policy asks for at its prod default target; the service scales out when
   * either policy asks.
   */
  readonly tasksByRequestPolicy: PlanLine;
  /** The INFRA_RECEIVER_REQUESTS_PER_TARGET at which CPU, not the request count, sizes the receiver. */
  readonly requestTarget: PlanLine;
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

/**
 * An autoscaling setting the plan needs at least (a maximum, the request-count target, the concurrency)
 * beside what infra/ deploys and the largest value its variable accepts.
 */
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
  const load = ASSUMPTIONS.requestTargetLoad;
  return {
    busyVcpu: plan.busyVcpu,
    vcpu: plan.vcpu,
    tasks: plan.tasks,
    onDemandTasks: plan.onDemandTasks,
    spotTasks: plan.spotTasks,
    tasksByRequestPolicy: line(
      'receiver tasks the default request-count target asks for',
      ceilCount((rate.value * 60) / perMinute.value),
      'tasks',
      `ceil(R × 60 / ${perMinute.value} requests per task per minute)`,
      rate,
      perMinute,
    ),
    requestTarget: line(
      'INFRA_RECEIVER_REQUESTS_PER_TARGET',
      ceilCount((rate.value * 60) / plan.tasks.value / load.value),
      'requests/min per task',
      `ceil(R × 60 / receiver tasks / ${load.value})`,
      rate,
      plan.tasks,
      load,
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
  const byRequests = receiver.tasksByRequestPolicy.value;
  const requests = STACK_SCALING.receiverRequestsPerTarget;
  return [
    need(STACK_SCALING.receiver.setting, receiver.tasks, STACK_SCALING.receiver),
    {
      ...need(requests.setting, receiver.requestTarget, requests),
      note:
        byRequests > receiver.tasks.value
          ? `at the default ${f(STACK.requestsPerTargetPerMinute.value)} the request-count policy asks for ` +
            `${f(byRequests)} tasks, more than the ${f(receiver.tasks.value)} the CPU needs, and the service scales ` +
            `out whenever one policy asks: the receiver runs at ${STACK_SCALING.receiver.setting}`
          : undefined,
    },
    need(STACK_SCALING.processor.setting, processor.tasks, STACK_SCALING.processor),
    need(
      STACK_SCALING.processorConcurrency.setting,
      processor.concurrencyPerTask,
      STACK_SCALING.processorConcurrency,
    ),
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
