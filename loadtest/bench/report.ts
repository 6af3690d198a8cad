/** report.md of a run (with the sections of report-usage.ts) and the one-line summary on the terminal. */
import { f0, f1, pct, table } from './markdown';
import { renderIdle, renderSoak, renderUsage } from './report-usage';
import { BenchResults } from './results';
import { evaluateTargets, sweepBound, sweepShare, TARGETS } from './targets';
import { describeErrors } from './open-loop';

export type { BenchResults } from './results';

/** One line for the terminal. */
export function summaryLine(r: BenchResults, reportPath: string): string {
  const parts: string[] = [];
  const { sync, async: a } = r.compare ?? {};
  if (sync && a) {
    const ratio = a.locust.requestsPerSecond / Math.max(1e-9, sync.locust.requestsPerSecond);
    parts.push(
      `sync ${f1(sync.locust.requestsPerSecond)} req/s, async ${f1(a.locust.requestsPerSecond)} req/s (${f1(ratio)}×, p99 ${f0(a.locust.p99Ms)} ms, ${a.completed ?? '?'}/${a.accepted} completed)`,
    );
  }
  if (r.sweep) {
    parts.push(
      `processor ${r.sweep.levels.map((l) => `c${l.concurrency} ${pct(sweepShare(l, r.ceiling))}`).join(' ')} of min(C/T, ceiling)`,
    );
  }
  if (r.ceiling) parts.push(`emulator ceiling ${f0(r.ceiling.processOrdersPerSecond)} orders/s`);
  const targets = evaluateTargets(r);
  parts.push(`targets met ${targets.filter((t) => t.verdict === 'met').length}/${targets.length}`);
  if (r.failures.length)
    parts.push(`${r.failures.length} phase(s) failed: ${r.failures.map((f) => f.phase).join(', ')}`);
  return `bench: ${parts.join('; ')} → ${reportPath}`;
}

export function renderReport(r: BenchResults): string {
  return [
    ...renderHeader(r),
    ...renderTargets(r),
    ...renderCeiling(r),
    ...renderReceiver(r),
    ...renderCompare(r),
    ...renderSweep(r),
    ...renderUsage(r),
    ...renderIdle(r),
    ...renderSoak(r),
    ...renderLimits(r),
  ].join('\n');
}

function renderHeader(r: BenchResults): string[] {
  return [
    `# Benchmark report (${r.mode})`,
    '',
    `Run ${r.startedAt} → ${r.finishedAt} at commit \`${r.commit}\`, on ${r.machine.cpus} × ${r.machine.cpuModel}, ` +
      `${f1(r.machine.memoryGiB)} GiB, Node ${r.machine.node} (load average ${r.machine.loadAverageAtStart.toFixed(2)} at the start). ` +
      `Local backend: ${r.emulator.description}. A reused emulator's CPU is not measured, and the fixes of ` +
      'libs/emulator/moto-server.py apply to a reused moto only if it was started with it.',
    '',
    `Everything runs on this one machine: locust, wrk, the emulator, the receiver and the processor share ` +
      `${r.machine.cpus} cores, with whatever else the machine runs (a load average well above 0 at the start means ` +
      `a busy machine: read the figures as lower bounds). The apps log at LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? 'warn'}.`,
    '',
  ];
}

function renderTargets(r: BenchResults): string[] {
  const out = ['## Targets (issue 9)', ''];
  out.push(
    table(
      ['figure', 'target', 'measured', 'verdict', 'limit on this machine'],
      evaluateTargets(r).map((t) => [t.figure, t.goal, t.measured, `**${t.verdict}**`, t.limit ?? '']),
    ),
    '',
    'Ratios are to the emulator\'s ceiling measured in this run ("Emulator ceiling"), so they hold whatever the ' +
      'backend; an absolute target above that ceiling names the emulator as the limit.',
    '',
  );
  // Sweep levels end on their own errors (the rest of the sweep goes on): listed with the phases.
  const failures = [
    ...r.failures,
    ...(r.sweep?.levels ?? [])
      .filter((l) => l.error)
      .map((l) => ({ phase: `sweep C=${l.concurrency}`, seconds: l.wallSeconds, error: l.error! })),
  ];
  if (failures.length) {
    out.push(
      '### Failed phases',
      '',
      'Recorded as data points; the rest of the run went on.',
      '',
      table(
        ['phase', 'after s', 'error'],
        failures.map((f) => [f.phase, f1(f.seconds), f.error.replace(/\|/g, '\\|')]),
      ),
      '',
    );
  }
  return out;
}

function renderCeiling(r: BenchResults): string[] {
  const e = r.ceiling;
  if (!e) return [];
  return [
    '## Emulator ceiling',
    '',
    `Calls per second the emulators sustain with no app in the way (${e.parallelCalls} calls in flight from the bench, ` +
      `${r.options.ceilingSeconds} s each). ` +
      (e.dynamodbSeparate
        ? 'DynamoDB runs in a process of its own, so an order is paced by the slower of its DynamoDB writes and its messages: '
        : "One Python process answers every call, so an order's calls add up: ") +
      `the ceilings below are the most orders/s any code could get through these emulators with today's calls per order.`,
    '',
    table(
      ['call', 'per second'],
      [
        ['DynamoDB conditional UpdateItem', f0(e.dynamoUpdatesPerSecond)],
        ['SNS Publish (delivered to the subscribed queue)', f0(e.publishesPerSecond)],
        [
          `SQS receive (up to 10) + DeleteMessageBatch, messages, queue depth ${e.receiveQueueDepth}`,
          f0(e.receivedAndDeletedPerSecond),
        ],
        ['**accept ceiling**: orders/s for 2 writes + 1 publish each', `**${f1(e.acceptOrdersPerSecond)}**`],
        [
          '**processing ceiling**: orders/s for receive + delete + 2 writes each',
          `**${f1(e.processOrdersPerSecond)}**`,
        ],
      ],
    ),
    '',
  ];
}

function renderReceiver(r: BenchResults): string[] {
  const { liveness, openLoop } = r.receiver ?? {};
  if (!liveness && !openLoop) return [];
  const out = ['## Receiver limits', ''];
  if (liveness) {
    out.push(
      `**Liveness ceiling**: wrk, ${liveness.threads} threads, ${liveness.connections} connections, GET /health/live ` +
        `for ${f1(liveness.seconds)} s against the same receiver build: **${f0(liveness.requestsPerSecond)} req/s**, ` +
        `p50 ${liveness.p50Ms?.toFixed(1) ?? '?'} ms, p99 ${liveness.p99Ms?.toFixed(1) ?? '?'} ms, ${liveness.errors} errors ` +
        `(target ≥ ${TARGETS.livenessPerSecond}). The route calls nothing: this is the HTTP stack's own cost.`,
      '',
    );
  }
  for (const run of r.receiver?.openLoopSaturated ?? []) {
    out.push(
      `**Open loop at ${run.targetPerSecond} req/s: saturated.** p50 ${f0(run.p50Ms)} ms, p99 ${f0(run.p99Ms)} ms, ` +
        `${run.errors} errors${run.errors ? ` (${describeErrors(run.errorsBy ?? {})})` : ''}: the receiver, the ` +
        'emulators and the load generator need more CPU per second than the machine has (see "AWS requests, CPU and ' +
        'cost per order"), so requests queued; run again at half the rate.',
      '',
    );
  }
  if (openLoop) {
    out.push(
      `**Open loop**: POST /orders/async at a fixed ${openLoop.targetPerSecond} req/s for ${openLoop.seconds} s ` +
        `(sent ${f1(openLoop.sentPerSecond)}/s; a request leaves on schedule whether or not the earlier ones answered): ` +
        `p50 ${f0(openLoop.p50Ms)} ms, **p99 ${f0(openLoop.p99Ms)} ms**, max ${f0(openLoop.maxMs)} ms, ` +
        `${openLoop.errors} errors${openLoop.errors ? ` (${describeErrors(openLoop.errorsBy ?? {})})` : ''} (target p99 ≤ ${TARGETS.openLoopP99Ms} ms). No processor runs meanwhile.`,
      '',
    );
  }
  return out;
}

function renderCompare(r: BenchResults): string[] {
  const c = r.compare;
  if (!c || (!c.sync && !c.async)) return [];
  const out = ['## Sync vs async', ''];
  out.push(
    `${c.users} locust users (spawn rate ${c.spawnRate}/s, ${c.durationSeconds} s, no think time), ` +
      `PROCESSING_TIME_MS=${c.processingMs}. Sync holds each request for the processing time; async answers once ` +
      'SNS acknowledged the order; a processor ' +
      (c.async ? `(PROCESSOR_CONCURRENCY=${c.async.processorConcurrency}) ` : '') +
      'works the queue ' +
      (c.async?.processorDuringLoad
        ? 'during the load.'
        : 'once the load ends (`--processor-during-load` runs it alongside): on this machine both would queue on ' +
          'the same emulator, which on AWS they do not share, so the accept path is measured alone.'),
    '',
  );
  const rows = [
    c.sync && (['POST /orders/sync', c.sync.locust, c.sync.receiverPeakMiB] as const),
    c.async && (['POST /orders/async', c.async.locust, c.async.receiverPeakMiB] as const),
  ].filter((row) => row !== undefined);
  out.push(
    table(
      [
        'endpoint',
        'requests',
        'failed',
        'req/s',
        'avg ms',
        'p50 ms',
        'p90 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'receiver peak RSS',
      ],
      rows.map(([name, s, rss]) => [
        name,
        s.requests,
        s.failures,
        f1(s.requestsPerSecond),
        f0(s.averageMs),
        f0(s.p50Ms),
        f0(s.p90Ms),
        f0(s.p95Ms),
        f0(s.p99Ms),
        f0(s.maxMs),
        `${f0(rss)} MiB`,
      ]),
    ),
    '',
  );
  if (c.sync && c.async) {
    const ratio = c.async.locust.requestsPerSecond / Math.max(1e-9, c.sync.locust.requestsPerSecond);
    out.push(
      `Async accepted **${f1(ratio)}×** the sync throughput. The ideal for sync is users / processing time = ` +
        `${f1(c.users / (c.processingMs / 1000))} req/s.`,
    );
  }
  if (c.async) {
    const a = c.async;
    out.push(
      `Of ${a.accepted} accepted orders, **${a.completed ?? '?'} were COMPLETED** in DynamoDB ` +
        `(the processor finished ${f1(a.drainSeconds)} s after the load ended${a.drained ? '' : ', **timed out**'}; ` +
        `processor peak RSS ${f0(a.processorPeakMiB)} MiB).` +
        (c.sync ? ` Sync: ${c.sync.completed ?? '?'} COMPLETED.` : ''),
    );
    if (r.ceiling) {
      const share = a.locust.requestsPerSecond / r.ceiling.acceptOrdersPerSecond;
      out.push(
        '',
        `The async run reached ${pct(share)} of the emulator's accept ceiling (${f1(r.ceiling.acceptOrdersPerSecond)} orders/s ` +
          'measured with nothing else running).',
      );
    }
  }
  out.push(
    '',
    '![throughput](sync-vs-async-throughput.png)',
    '',
    '![latency](sync-vs-async-latency.png)',
    '',
    'Locust reports: [sync.html](sync.html), [async.html](async.html); CSVs `sync_*.csv`, `async_*.csv`.',
    '',
  );
  return out;
}

function renderSweep(r: BenchResults): string[] {
  const s = r.sweep;
  if (!s) return [];
  const o = r.options;
  const ceiling = r.ceiling;
  return [
    '## Processor throughput vs PROCESSOR_CONCURRENCY',
    '',
    `PROCESSING_TIME_MS=${s.processingMs}${s.jitterMs ? ` ± ${s.jitterMs}` : ''}. ` +
      `Per level: fresh queue and table, concurrency × ${o.rounds} orders (at most ${o.maxPreload}) preloaded, then a new ` +
      'processor drains the backlog; throughput is the completion rate from the middle of its first wave of orders to the ' +
      'middle of its last (polled from its `orders_total{outcome="completed"}` every 50 ms). Each figure is set beside ' +
      `min(C/T, the emulator's processing ceiling of this run${ceiling ? `, ${f1(ceiling.processOrdersPerSecond)}/s` : ''}); ` +
      `the target is ≥ ${pct(TARGETS.sweepShare)} of it at every level.`,
    '',
    table(
      [
        'concurrency',
        'orders',
        'C/T /s',
        'measured /s',
        '% of min(C/T, ceiling)',
        'wall s',
        'COMPLETED',
        'processor peak RSS',
        'verdict',
      ],
      s.levels.map((l) => [
        l.concurrency,
        l.orders,
        f1(l.boundPerSecond),
        f1(l.throughputPerSecond),
        `${pct(sweepShare(l, ceiling))} of ${f1(sweepBound(l, ceiling))}`,
        f1(l.wallSeconds),
        `${l.completedInTable ?? '?'}/${l.orders}`,
        `${f0(l.processorPeakMiB)} MiB`,
        l.error
          ? `failed: ${l.error.replace(/\|/g, '\\|')}`
          : sweepShare(l, ceiling) >= TARGETS.sweepShare
            ? 'met'
            : 'missed',
      ]),
    ),
    '',
    '![processor throughput](processor-throughput.png)',
    '',
  ];
}

function renderLimits(r: BenchResults): string[] {
  return [
    '## What limits these numbers',
    '',
    (r.emulator.dynamodbSeparate
      ? '- **The emulators.** moto serves SNS and SQS from one Python process and ministack DynamoDB from another ' +
        '(one core each at most); '
      : '- **The emulator.** moto serves SNS, SQS and DynamoDB from one Python process (one core at most); ') +
      'above the ceilings in "Emulator ceiling" no setting of the apps helps on this machine. On AWS each of these ' +
      'services scales independently.',
    '- **Two cores for everything.** locust, wrk, moto, the receiver and the processor compete for CPU, and so does ' +
      'anything else running on the machine (see the load average above).',
    '- **Per-order costs.** The tables above give, per phase, the AWS requests and the CPU each process spent per ' +
      'order: fewer requests per order raise every emulator-bound figure, less CPU per order raises the app-bound ones.',
    '',
    ...(r.charts.length === 0
      ? ['_Charts were not drawn (matplotlib missing or failed); see the tables._', '']
      : []),
  ];
}
