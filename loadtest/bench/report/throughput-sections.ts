/**
 * The report's throughput and latency sections: the emulator's ceiling, the receiver's limits, sync vs
 * async under locust, and the processor sweep.
 */
import { EmulatorCeiling } from '../phases/ceiling';
import { CompareResult } from '../phases/compare';
import { anchorLabel, livenessRatio, TARGET_ANCHOR } from '../phases/anchors';
import { LivenessResult } from '../phases/liveness';
import { describeErrors } from '../phases/open-loop';
import { f0, f1, f2, pct, table } from './markdown';
import { BenchResults } from './results';
import { sweepBound, sweepShare, TARGETS } from './targets';

export function renderCeiling(r: BenchResults): string[] {
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
export function renderReceiver(r: BenchResults): string[] {
  const { liveness, anchors, openLoop } = r.receiver ?? {};
  if (!liveness && !anchors?.length && !openLoop) return [];
  const out = ['## Receiver limits', ''];
  if (liveness) {
    out.push(
      `**Liveness ceiling**: wrk, ${liveness.threads} threads, ${liveness.connections} connections, GET /health/live ` +
        `for ${f1(liveness.seconds)} s against the same receiver build: **${f0(liveness.requestsPerSecond)} req/s**, ` +
        `p50 ${liveness.p50Ms?.toFixed(1) ?? '?'} ms, p99 ${liveness.p99Ms?.toFixed(1) ?? '?'} ms, ${liveness.errors} errors ` +
        `(target ≥ ${TARGETS.livenessShareOfAnchor} × ${anchorLabel(TARGET_ANCHOR)}, below). The route calls nothing: this is ` +
        "the HTTP stack's own cost.",
      '',
    );
  }
  out.push(...renderAnchors(r));
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

/** The anchors beside the receiver: the same wrk run against minimal servers, and the receiver's share of each. */
function renderAnchors(r: BenchResults): string[] {
  const { liveness, anchors } = r.receiver ?? {};
  if (!anchors?.length) return [];
  const ms = (v?: number) => v?.toFixed(1) ?? '?';
  const row = (server: string, run: LivenessResult, share: string) => [
    server,
    f0(run.requestsPerSecond),
    ms(run.p99Ms),
    run.errors,
    share,
  ];
  return [
    '**Anchors**: the same wrk run against minimal servers answering GET /health/live with `{"status":"ok"}` ' +
      "(loadtest/bench/anchors/), each a process of its own with the receiver's V8 settings, one after another " +
      'just before the receiver started: what the machine and each framework cost with nothing of ours on the ' +
      `route. The liveness target is the receiver's share of ${anchorLabel(TARGET_ANCHOR)}.`,
    '',
    table(
      ['server', 'req/s', 'p99 ms', 'errors', 'receiver ÷ server'],
      [
        ...(liveness ? [row('**the receiver** (this build)', liveness, '')] : []),
        ...anchors.map((a) => {
          const ratio = livenessRatio(liveness, a);
          return row(a.label, a, ratio === undefined ? '–' : `${f2(ratio)} ×`);
        }),
      ],
    ),
    '',
  ];
}

export function renderCompare(r: BenchResults): string[] {
  const c = r.compare;
  if (!c || (!c.sync && !c.async)) return [];
  return [
    '## Sync vs async',
    '',
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
    compareTable(c),
    '',
    ...compareFindings(c, r.ceiling),
    '',
    '![throughput](sync-vs-async-throughput.png)',
    '',
    '![latency](sync-vs-async-latency.png)',
    '',
    'Locust reports: [sync.html](sync.html), [async.html](async.html); CSVs `sync_*.csv`, `async_*.csv`.',
    '',
  ];
}

/** Locust's figures of each endpoint, side by side. */
function compareTable(c: CompareResult): string {
  const rows = [
    c.sync && (['POST /orders/sync', c.sync.locust, c.sync.receiverPeakMiB] as const),
    c.async && (['POST /orders/async', c.async.locust, c.async.receiverPeakMiB] as const),
  ].filter((row) => row !== undefined);
  return table(
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
  );
}

/** The async/sync ratio, the accepted orders that completed, and the share of the accept ceiling. */
function compareFindings(c: CompareResult, ceiling?: EmulatorCeiling): string[] {
  const out: string[] = [];
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
    if (ceiling) {
      const share = a.locust.requestsPerSecond / ceiling.acceptOrdersPerSecond;
      out.push(
        '',
        `The async run reached ${pct(share)} of the emulator's accept ceiling (${f1(ceiling.acceptOrdersPerSecond)} orders/s ` +
          'measured with nothing else running).',
      );
    }
  }
  return out;
}

export function renderSweep(r: BenchResults): string[] {
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
