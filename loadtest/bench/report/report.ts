/**
 * report.md of a run: its header, the targets table and what limits the figures, around the sections
 * of throughput-sections.ts, usage-sections.ts and capacity-section.ts; and the one-line summary on the
 * terminal.
 */
import { renderCapacity } from './capacity-section';
import { f0, f1, pct, table } from './markdown';
import { BenchResults } from './results';
import { evaluateTargets, sweepShare } from './targets';
import { renderCeiling, renderCompare, renderReceiver, renderSweep } from './throughput-sections';
import { renderIdle, renderSoak, renderUsage } from './usage-sections';

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
    ...renderCapacity(r),
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
  const out = ['## Targets', ''];
  out.push(
    table(
      ['figure', 'target', 'measured', 'verdict', 'limit on this machine'],
      evaluateTargets(r).map((t) => [t.figure, t.goal, t.measured, `**${t.verdict}**`, t.limit ?? '']),
    ),
    '',
    'Ratios are to the emulator\'s ceiling measured in this run ("Emulator ceiling"), so they hold whatever the ' +
      'backend; an absolute target above that ceiling names the emulator as the limit. The liveness target is a ' +
      'ratio to an anchor measured in this run ("Receiver limits"), so it holds whatever the machine.',
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
