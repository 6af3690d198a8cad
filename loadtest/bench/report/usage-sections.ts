/**
 * The report's per-order sections: AWS requests by service and operation, CPU
 * per process, cost per million orders at list prices, the idle processor and
 * the memory soak.
 */
import { COST_ASSUMPTIONS, COST_LEAVES_OUT, GB_PER_VCPU, PRICES } from '../usage/cost';
import { f0, f1, f2, pct, table, usd } from './markdown';
import { BenchResults } from './results';
import { PhaseUsage } from '../usage/phase-usage';

/** Phases with usage, in report order: label → usage. */
export function phaseUsages(r: BenchResults): [string, PhaseUsage][] {
  const out: [string, PhaseUsage][] = [];
  const c = r.compare;
  if (c?.sync) out.push(['sync (per finished order)', c.sync.usage]);
  if (c?.async) out.push(['async intake (per accepted order)', c.async.intake]);
  if (c?.async?.processing) out.push(['async drain (per completed order)', c.async.processing]);
  for (const l of r.sweep?.levels ?? []) if (l.usage) out.push([`sweep C=${l.concurrency}`, l.usage]);
  if (r.soak) out.push([`soak C=${r.soak.concurrency}`, r.soak.usage]);
  return out.filter(([, u]) => u.orders > 0);
}

const cpu = (n: number | undefined) => (n === undefined ? '–' : f1(n));

/** Whether the receiver CPU below includes checking every request's token. */
function authenticationNote(authenticated: boolean | undefined): string {
  if (authenticated === undefined) return '';
  return authenticated
    ? ' Every order request carried a service token the receiver verified: its CPU per order is with ' +
        'authentication (keys cached, no call to the issuer per request).'
    : ' Every order request carried a service token, but this receiver did not check tokens (it accepted a ' +
        'request without one): its CPU per order is without authentication.';
}

export function renderUsage(r: BenchResults): string[] {
  const phases = phaseUsages(r);
  if (phases.length === 0) return [];
  const calls = [...new Set(phases.flatMap(([, u]) => Object.keys(u.awsRequestsPerOrder)))].sort();
  const out: string[] = ['## AWS requests, CPU and cost per order', ''];
  out.push(
    "AWS requests are the apps' own `aws_requests_total{service,operation}` counters between two scrapes (a call " +
      'counts once whatever its retries); CPU is utime + stime from `/proc/<pid>/stat` over the same window (the ' +
      "emulators only when the bench started them; their children included; ministack is DynamoDB's emulator when it runs apart). On AWS every request below is one the " +
      'real service answers, so "emulator requests per order" and "AWS requests per order" are the same figure.' +
      authenticationNote(r.compare?.async?.authenticated),
    '',
    table(
      [
        'phase',
        'orders',
        'AWS requests/order',
        'receiver CPU ms/order',
        'processor CPU ms/order',
        'moto CPU ms/order',
        'ministack CPU ms/order',
        '$ per million orders',
      ],
      phases.map(([label, u]) => [
        label,
        u.orders,
        f2(u.awsRequestsPerOrderTotal),
        cpu(u.cpuMsPerOrder.receiver),
        cpu(u.cpuMsPerOrder.processor),
        cpu(u.cpuMsPerOrder.emulator),
        cpu(u.cpuMsPerOrder.dynamodb),
        usd(u.cost.total),
      ]),
    ),
    '',
    '### By service and operation (requests per order)',
    '',
    table(
      ['phase', ...calls.map((c) => `\`${c}\``)],
      phases.map(([label, u]) => [
        label,
        ...calls.map((c) => (u.awsRequestsPerOrder[c] ? f2(u.awsRequestsPerOrder[c]) : '–')),
      ]),
    ),
    '',
    `### Cost per million orders (AWS list prices of ${PRICES.asOf}, ${PRICES.region})`,
    '',
    `SNS $${PRICES.snsPerMillionRequests} per million requests (each 64 KB chunk a request; a small PublishBatch of 10 is ` +
      `one), SQS $${PRICES.sqsPerMillionRequests} per million requests (a batch is one), DynamoDB on-demand ` +
      `$${PRICES.dynamoPerMillionWriteUnits} per million write units and $${PRICES.dynamoPerMillionReadUnits} per million ` +
      `read units, Fargate $${PRICES.fargatePerVcpuHour} per vCPU-hour and $${PRICES.fargatePerGbHour} per GB-hour ` +
      `(${GB_PER_VCPU} GB per vCPU, the infra's task sizes). ${COST_ASSUMPTIONS} The whole pipeline of an async order ` +
      'is its intake plus its drain.',
    '',
    table(
      ['phase', 'SNS', 'SQS', 'DynamoDB writes', 'DynamoDB reads', 'Fargate vCPU', 'Fargate memory', 'total'],
      phases.map(([label, u]) => [
        label,
        usd(u.cost.sns),
        usd(u.cost.sqs),
        usd(u.cost.dynamoWrites),
        usd(u.cost.dynamoReads),
        usd(u.cost.fargateCpu),
        usd(u.cost.fargateMemory),
        `**${usd(u.cost.total)}**`,
      ]),
    ),
    '',
    'Left out of these figures: ' + COST_LEAVES_OUT.join('; ') + '.',
    '',
  );
  const unpriced = [...new Set(phases.flatMap(([, u]) => u.cost.unpriced))];
  if (unpriced.length) out.push(`Calls to ${unpriced.join(', ')} are counted above but not priced.`, '');
  return out;
}

export function renderIdle(r: BenchResults): string[] {
  const i = r.idle;
  if (!i) return [];
  return [
    '## Idle processor',
    '',
    `PROCESSOR_CONCURRENCY=${i.concurrency}, an empty queue, measured for ${i.seconds} s after its first receives: ` +
      `**${f0(i.requestsPerMinute)} AWS requests per minute**` +
      (i.cpuMsPerMinute !== undefined ? `, ${f0(i.cpuMsPerMinute)} ms of CPU per minute` : '') +
      '. An idle processor costs its long polls; on AWS each is an SQS request, ' +
      `${usd((i.requestsPerMinute * 60 * 24 * 30 * PRICES.sqsPerMillionRequests) / 1e6)} a month per task at this rate.`,
    '',
    table(
      ['call', 'per minute'],
      Object.keys(i.byCall).length
        ? Object.entries(i.byCall).map(([call, n]) => [`\`${call}\``, f0(n)])
        : [['(none in the window: the long polls began before it and had not returned)', '0']],
    ),
    '',
  ];
}

export function renderSoak(r: BenchResults): string[] {
  const s = r.soak;
  if (!s) return [];
  const trend = (name: string, t: typeof s.rss) =>
    t
      ? `${name} ${f0(t.fromMiB)} → ${f0(t.toMiB)} MiB (${t.growthMiB >= 0 ? '+' : ''}${f1(t.growthMiB)} MiB): **${t.flat ? 'flat' : 'growing'}**`
      : `${name}: not measured`;
  const last = s.samples.at(-1);
  return [
    '## Memory soak',
    '',
    `${s.completed}/${s.orders} orders through one processor (PROCESSOR_CONCURRENCY=${s.concurrency}, ` +
      `PROCESSING_TIME_MS=${s.processingMs}) in ${f0(s.seconds)} s` +
      (s.finished ? '' : ' (**did not finish in time**)') +
      `, ${s.samples.length} samples of its RSS (/proc) and V8 heap (\`nodejs_heap_size_used_bytes\`). ` +
      'After a warm-up of the first 20 % of the orders, the median of the first third of the samples is compared ' +
      'with the median of the last third; flat means it grew by at most 10 % (8 MiB at least).',
    '',
    `- ${trend('RSS', s.rss)}`,
    `- ${trend('heap used', s.heap)}`,
    `- MaxListenersExceededWarning in the processor's log: ${s.leakWarnings}`,

    last
      ? `- last sample: ${f0(last.seconds)} s, ${last.orders} orders, RSS ${last.rssMiB?.toFixed(0) ?? '?'} MiB`
      : '',
    '',
    `Throughput over the soak: ${f1(s.completed / Math.max(1, s.seconds))} orders/s (${pct(s.completed / s.orders)} of the backlog).`,
    '',
    '![soak memory](soak-memory.png)',
    '',
  ];
}
