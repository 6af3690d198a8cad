/**
 * The report's "Capacity plan": loadtest/bench/capacity/ at 1,000 and 10,000 orders/s,
 * filled from this run's per-order figures (receiver CPU per accepted async order, processor CPU and AWS
 * requests per processed order at load, the intake's AWS requests). A figure the run did not measure
 * (its phase skipped or failed) falls back to the documented default of docs/capacity.md, and the
 * section says which. docs/capacity.md is this section of a run, written out.
 */
import {
  ASSUMPTIONS,
  AWS_LIMITS,
  DOCUMENTED_DEFAULTS,
  Figure,
  measured,
  Provenance,
  RequestsPerOrder,
  snsPublishQuota,
  STACK,
} from '../capacity/capacity-constants';
import { CapacityInputs, capacityPlan, CapacityPlan, PlanLine } from '../capacity/capacity-plan';
import { PRICES } from '../usage/cost';
import { PhaseUsage } from '../usage/phase-usage';
import { f1, f2, table } from './markdown';
import { BenchResults } from './results';
import { levelAtLoad } from './targets';

/** The rates the plan is drawn up for. */
export const PLANNED_RATES = [1_000, 10_000] as const;

/** The per-order inputs of the plan, and the ones that fell back to docs/capacity.md. */
export interface RunInputs {
  readonly perOrder: Omit<CapacityInputs, 'ordersPerSecond'>;
  /** Inputs this run did not measure. */
  readonly fellBack: readonly string[];
}

/** Where the processor's per-order figures come from: the sweep at load, else the async drain, else the soak. */
function processingPhase(r: BenchResults): { label: string; usage: PhaseUsage } | undefined {
  const atLoad = levelAtLoad(r.sweep?.levels ?? []);
  if (atLoad?.usage) return { label: `sweep C=${atLoad.concurrency}`, usage: atLoad.usage };
  const drain = r.compare?.async?.processing;
  if (drain && drain.orders > 0) return { label: 'async drain', usage: drain };
  if (r.soak && r.soak.usage.orders > 0)
    return { label: `soak C=${r.soak.concurrency}`, usage: r.soak.usage };
  return undefined;
}

export function runInputs(r: BenchResults): RunInputs {
  const fellBack: string[] = [];
  const pick = <T>(name: string, value: T | undefined, fallback: T): T => {
    if (value !== undefined) return value;
    fellBack.push(name);
    return fallback;
  };
  const intake = r.compare?.async?.intake;
  const intakeMeasured = intake && intake.orders > 0 ? intake : undefined;
  const receiverCpu = intakeMeasured?.cpuMsPerOrder.receiver;
  const processing = processingPhase(r);
  const processorCpu = processing?.usage.cpuMsPerOrder.processor;
  const requests = (usage: PhaseUsage, what: string): RequestsPerOrder => ({
    perOrder: usage.awsRequestsPerOrder,
    source: { kind: 'measured', what: `${what}, this run (${usage.orders} orders)` },
  });
  return {
    perOrder: {
      receiverCpuMsPerOrder: pick<Figure>(
        'receiver CPU per accepted async order',
        receiverCpu === undefined
          ? undefined
          : measured(
              receiverCpu,
              `receiver CPU per accepted async order, this run (${intakeMeasured!.orders} orders)`,
            ),
        DOCUMENTED_DEFAULTS.receiverCpuMsPerOrder,
      ),
      processorCpuMsPerOrder: pick<Figure>(
        'processor CPU per processed order',
        processorCpu === undefined
          ? undefined
          : measured(processorCpu, `processor CPU per processed order, this run's ${processing!.label}`),
        DOCUMENTED_DEFAULTS.processorCpuMsPerOrder,
      ),
      intakeRequests: pick<RequestsPerOrder>(
        'AWS requests per accepted async order',
        intakeMeasured && requests(intakeMeasured, 'AWS requests per accepted async order'),
        DOCUMENTED_DEFAULTS.intakeRequests,
      ),
      processingRequests: pick<RequestsPerOrder>(
        'AWS requests per processed order',
        processing && requests(processing.usage, `AWS requests per processed order, ${processing.label}`),
        DOCUMENTED_DEFAULTS.processingRequests,
      ),
      fulfilmentSeconds: ASSUMPTIONS.fulfilmentSeconds,
    },
    fellBack,
  };
}

export function renderCapacity(r: BenchResults): string[] {
  const { perOrder, fellBack } = runInputs(r);
  return [
    '## Capacity plan',
    '',
    'What the stack needs on AWS at 1,000 and 10,000 accepted async orders per second, from the per-order ' +
      "figures of this run and the constants of `loadtest/bench/capacity/capacity-constants.ts` (AWS quotas, the stack's " +
      'settings, stated assumptions); docs/capacity.md explains each line and how to raise each quota. The apps ran ' +
      `at LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? 'warn'}; on AWS they log at info, which costs CPU the figures ` +
      'below leave out.',
    '',
    fellBack.length
      ? `**Not measured in this run, taken from docs/capacity.md:** ${fellBack.join('; ')}.`
      : 'Every per-order input below was measured in this run.',
    '',
    ...renderCapacityPlan(perOrder),
  ];
}

/** The plan's tables at PLANNED_RATES, for the report and for docs/capacity.md. */
export function renderCapacityPlan(perOrder: Omit<CapacityInputs, 'ordersPerSecond'>): string[] {
  const plans = PLANNED_RATES.map((ordersPerSecond) => capacityPlan({ ...perOrder, ordersPerSecond }));
  const rates = plans.map((p) => `${p.ordersPerSecond.toLocaleString('en-US')}/s`);
  const row = (pick: (p: CapacityPlan) => PlanLine, digits = 0) => {
    const lines = plans.map(pick);
    return [
      lines[0].item,
      ...lines.map((l) => `${num(l.value, digits)} ${l.unit}`),
      lines[0].formula,
      kinds(lines[0].basis),
    ];
  };
  return [
    '### Inputs',
    '',
    table(
      ['input', 'value', 'source'],
      [
        inputRow('receiver CPU per accepted async order', perOrder.receiverCpuMsPerOrder, 'ms'),
        inputRow('processor CPU per processed order', perOrder.processorCpuMsPerOrder, 'ms'),
        requestsRow('AWS requests per accepted async order', perOrder.intakeRequests),
        requestsRow('AWS requests per processed order', perOrder.processingRequests),
        inputRow('fulfilment time T', perOrder.fulfilmentSeconds, 's'),
        inputRow('autoscaling CPU target', STACK.cpuTargetPercent, '%'),
        inputRow('task size', STACK.taskVcpu, 'vCPU'),
      ],
    ),
    '',
    '### Tasks, traffic and load balancer',
    '',
    table(
      ['figure', ...rates, 'how', 'from'],
      [
        row((p) => p.receiver.busyVcpu, 1),
        row((p) => p.receiver.tasks),
        row((p) => p.receiver.tasksByRequestPolicy),
        row((p) => p.receiver.requestTarget),
        row((p) => p.processor.busyVcpu, 1),
        row((p) => p.processor.inFlight),
        row((p) => p.processor.tasks),
        row((p) => p.processor.concurrencyPerTask),
        row((p) => p.processor.longPolls),
        row((p) => p.traffic.snsMessagesPerSecond),
        row((p) => p.traffic.sqsReceivesPerSecond),
        row((p) => p.traffic.sqsDeletesPerSecond),
        row((p) => p.traffic.dynamoWriteUnitsPerSecond),
        row((p) => p.traffic.dynamoReadUnitsPerSecond),
        row((p) => p.traffic.dynamoRampMinutes),
        row((p) => p.alb.processedGbPerHour, 1),
        row((p) => p.alb.lcu, 1),
      ],
    ),
    '',
    '### Quotas',
    '',
    table(
      ['quota', ...rates.map((r) => `need at ${r}`), 'limit', 'source', 'adjustable: how'],
      plans[0].quotas.map((q, i) => [
        q.quota,
        ...plans.map(
          (p) => `${num(p.quotas[i].need.value, 1)} (${pct(p.quotas[i].share)}, **${p.quotas[i].verdict}**)`,
        ),
        num(q.limit.value),
        source(q.limit.source),
        q.limit.adjustable ? q.limit.raise : 'no',
      ]),
    ),
    '',
    `SQS standard queues take a nearly unlimited number of calls per second (${plans[1].traffic.sqsRequestsPerSecond.value.toLocaleString('en-US')}/s ` +
      `at ${rates[1]}): no quota to raise. SNS allows ${snsPublishQuota('us-west-2').value.toLocaleString('en-US')} ` +
      `messages/s in us-west-2 and eu-west-1, ${snsPublishQuota('eu-central-1').value.toLocaleString('en-US')} in eight ` +
      `more Regions and ${snsPublishQuota('eu-north-1').value.toLocaleString('en-US')} in the others.`,
    '',
    '### Autoscaling settings',
    '',
    table(
      ['setting', ...rates.map((r) => `needed at ${r}`), 'dev / prod default', 'accepted range', 'note'],
      plans[0].scaling.map((s, i) => [
        `\`${s.setting}\``,
        ...plans.map((p) => num(p.scaling[i].needed.value)),
        `${s.devDefault} / ${s.prodDefault}`,
        `1–${num(s.settingMax)}`,
        plans[1].scaling[i].note ?? '',
      ]),
    ),
    '',
    `### Monthly cost (AWS list prices of ${PRICES.asOf}, ${PRICES.region}, 730 h)`,
    '',
    table(
      ['line', ...rates],
      [
        ...plans[0].monthlyCost.map((l, i) => [l.item, ...plans.map((p) => usd(p.monthlyCost[i].value))]),
        ['**total**', ...plans.map((p) => `**${usd(p.monthlyTotal.value)}**`)],
      ],
    ),
    '',
    'Left out: the stack at idle (NAT gateway hours, public IPv4, Container Insights, alarms: infra/README.md, ' +
      '"Cost at idle"), Fargate Spot discounts (priced on-demand), DynamoDB warm throughput (billed once), data ' +
      `transfer out. Assumed: ${[
        ASSUMPTIONS.requestBytes,
        ASSUMPTIONS.responseBytes,
        ASSUMPTIONS.requestsPerConnection,
        ASSUMPTIONS.natBytesPerOrder,
        ASSUMPTIONS.logBytesPerOrder,
      ]
        .map((a) => source(a.source).replace(/^assumption: /, ''))
        .join('; ')}.`,
    '',
    `An ALB LCU is ${AWS_LIMITS.albNewConnectionsPerLcu.value} new connections/s, ` +
      `${AWS_LIMITS.albActiveConnectionsPerLcu.value.toLocaleString('en-US')} active connections, ` +
      `${AWS_LIMITS.albGbPerHourPerLcu.value} GB/h or ${AWS_LIMITS.albRuleEvaluationsPerLcu.value.toLocaleString('en-US')} ` +
      'rule evaluations/s, whichever is largest (Elastic Load Balancing pricing).',
    '',
  ];
}

const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const pct = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
const usd = (n: number) => `$${n.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

export function source(p: Provenance): string {
  switch (p.kind) {
    case 'measured':
      return `measured: ${p.what}`;
    case 'aws-docs':
      return `${p.doc}: ${p.what}`;
    case 'assumption':
      return `assumption: ${p.what}`;
  }
}

/** The kinds of provenance behind a computed figure, in a fixed order. */
function kinds(basis: readonly Provenance[]): string {
  return (['measured', 'aws-docs', 'assumption'] as const)
    .filter((k) => basis.some((p) => p.kind === k))
    .join(', ');
}

function inputRow(name: string, figure: Figure, unit: string): string[] {
  return [name, `${f1(figure.value)} ${unit}`, source(figure.source)];
}

function requestsRow(name: string, requests: RequestsPerOrder): string[] {
  const calls = Object.entries(requests.perOrder)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([call, n]) => `\`${call}\` ${f2(n)}`);
  return [name, calls.join(', ') || '–', source(requests.source)];
}
