import { CompareResult } from './compare';
import { EmulatorCeiling } from './ceiling';
import { SweepLevel, SweepResult } from './sweep';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverageAtStart: number;
}

export interface BenchResults {
  readonly mode: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly commit: string;
  readonly machine: MachineInfo;
  readonly emulator: { readonly endpoint: string; readonly reused: boolean; readonly peakMiB?: number };
  readonly options: Record<string, unknown>;
  readonly ceiling?: EmulatorCeiling;
  readonly compare?: CompareResult;
  readonly sweep?: SweepResult;
  readonly charts: readonly string[];
}

export type Verdict = 'met' | 'missed' | 'emulator-bound' | 'not measured';

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly verdict: Verdict;
}

export const LIMITS = {
  asyncOverSync: 100,
  asyncP99Ms: 50,
  efficiency: 0.9,
  receiverMiB: 150,
  processorMiB: 250,
  processorMemoryAtConcurrency: 500,
} as const;

const f1 = (n: number) => n.toFixed(1);
const f0 = (n: number) => n.toFixed(0);
const pct = (n: number) => `${(n * 100).toFixed(0)} %`;

/**
 * Emulator utilisation at the bound above which a level cannot show 90 %: the
 * processor's calls then wait in the emulator's queue for longer than the 10 %
 * slack of the processing time (orders without jitter finish in waves, so the
 * calls of a whole wave arrive at once).
 */
export const EMULATOR_BUSY_LIMIT = 0.5;

/** Whether a sweep level reached 90 % of its bound, or the emulator could not let it. */
export function levelVerdict(level: SweepLevel, ceiling?: EmulatorCeiling): Verdict {
  if (level.efficiency >= LIMITS.efficiency) return 'met';
  if (ceiling && level.boundPerSecond > EMULATOR_BUSY_LIMIT * ceiling.processOrdersPerSecond)
    return 'emulator-bound';
  return 'missed';
}

export function evaluateTargets(r: BenchResults): Target[] {
  const targets: Target[] = [];
  const c = r.compare;
  if (c) {
    const ratio = c.async.locust.requestsPerSecond / Math.max(1e-9, c.sync.locust.requestsPerSecond);
    const complete = c.async.completed >= c.async.accepted && c.async.accepted > 0;
    const ratioMet = ratio >= LIMITS.asyncOverSync;
    const atCeiling = r.ceiling && c.async.locust.requestsPerSecond >= 0.6 * r.ceiling.acceptOrdersPerSecond;
    targets.push({
      name: 'async vs sync throughput',
      goal: `async ≥ ${LIMITS.asyncOverSync}× sync, 0 failed async requests, every accepted order COMPLETED`,
      measured:
        `${f1(ratio)}× (${f1(c.async.locust.requestsPerSecond)} vs ${f1(c.sync.locust.requestsPerSecond)} req/s), ` +
        `${c.async.locust.failures} failed, ${c.async.completed}/${c.async.accepted} COMPLETED` +
        (r.ceiling ? `; emulator accept ceiling ${f1(r.ceiling.acceptOrdersPerSecond)}/s` : ''),
      verdict:
        c.async.locust.failures > 0 || !complete
          ? 'missed'
          : ratioMet
            ? 'met'
            : atCeiling
              ? 'emulator-bound'
              : 'missed',
    });
    targets.push({
      name: 'async p99 latency',
      goal: `< ${LIMITS.asyncP99Ms} ms with ${c.users} users`,
      measured: `${f0(c.async.locust.p99Ms)} ms (p50 ${f0(c.async.locust.p50Ms)} ms)`,
      verdict: c.async.locust.p99Ms < LIMITS.asyncP99Ms ? 'met' : atCeiling ? 'emulator-bound' : 'missed',
    });
    const receiverPeak = Math.max(c.sync.receiverPeakMiB, c.async.receiverPeakMiB);
    targets.push({
      name: 'receiver memory under load',
      goal: `< ${LIMITS.receiverMiB} MB RSS`,
      measured: `${f0(receiverPeak)} MiB peak`,
      verdict: receiverPeak < LIMITS.receiverMiB ? 'met' : 'missed',
    });
  }
  const s = r.sweep;
  if (s) {
    const verdicts = s.levels.map((l) => levelVerdict(l, r.ceiling));
    targets.push({
      name: 'processor throughput vs bound',
      goal: `≥ ${pct(LIMITS.efficiency)} of concurrency / processing time at every level, where the emulator allows`,
      measured: s.levels.map((l) => `${l.concurrency}: ${pct(l.efficiency)}`).join(', '),
      verdict: verdicts.includes('missed')
        ? 'missed'
        : verdicts.includes('emulator-bound')
          ? 'emulator-bound'
          : 'met',
    });
    const top = s.levels.filter((l) => l.concurrency <= LIMITS.processorMemoryAtConcurrency).at(-1);
    if (top) {
      targets.push({
        name: 'processor memory',
        goal: `< ${LIMITS.processorMiB} MB RSS at concurrency ${LIMITS.processorMemoryAtConcurrency}`,
        measured: `${f0(top.processorPeakMiB)} MiB peak at concurrency ${top.concurrency}`,
        verdict:
          top.processorPeakMiB >= LIMITS.processorMiB
            ? 'missed'
            : top.concurrency === LIMITS.processorMemoryAtConcurrency
              ? 'met'
              : 'not measured',
      });
    }
  }
  return targets;
}

/** One line for the terminal. */
export function summaryLine(r: BenchResults, reportPath: string): string {
  const parts: string[] = [];
  const c = r.compare;
  if (c) {
    const ratio = c.async.locust.requestsPerSecond / Math.max(1e-9, c.sync.locust.requestsPerSecond);
    parts.push(
      `sync ${f1(c.sync.locust.requestsPerSecond)} req/s, async ${f1(c.async.locust.requestsPerSecond)} req/s (${f1(ratio)}×, p99 ${f0(c.async.locust.p99Ms)} ms, ${c.async.completed}/${c.async.accepted} completed)`,
    );
  }
  if (r.sweep) {
    parts.push(
      `processor ${r.sweep.levels.map((l) => `c${l.concurrency} ${pct(l.efficiency)}`).join(' ')} of bound`,
    );
  }
  if (r.ceiling) parts.push(`emulator ceiling ${f0(r.ceiling.processOrdersPerSecond)} orders/s`);
  const targets = evaluateTargets(r);
  const met = targets.filter((t) => t.verdict === 'met').length;
  parts.push(`targets met ${met}/${targets.length}`);
  return `bench: ${parts.join('; ')} → ${reportPath}`;
}

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderReport(r: BenchResults): string {
  const out: string[] = [];
  const o = r.options;
  out.push(`# Benchmark report (${r.mode})`, '');
  out.push(
    `Run ${r.startedAt} → ${r.finishedAt} at commit \`${r.commit}\`, on ${r.machine.cpus} × ${r.machine.cpuModel}, ` +
      `${f1(r.machine.memoryGiB)} GiB, Node ${r.machine.node} (load average ${r.machine.loadAverageAtStart.toFixed(2)} at the start). ` +
      `Emulator: moto at ${r.emulator.endpoint}, ` +
      (r.emulator.reused
        ? 'reused (already running; the fixes of scripts/moto-server.py apply only if it was started with it).'
        : 'started by the bench from scripts/moto-server.py.'),
    '',
    `Everything runs on this one machine: locust, the emulator (one Python process), the receiver and the processor ` +
      `share ${r.machine.cpus} cores. The apps log at LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? 'warn'}.`,
    '',
  );

  out.push('## Summary', '');
  const targets = evaluateTargets(r);
  out.push(
    table(
      ['target', 'goal', 'measured', 'verdict'],
      targets.map((t) => [t.name, t.goal, t.measured, `**${t.verdict}**`]),
    ),
    '',
    '`emulator-bound`: the goal is above what the emulator alone sustains (see "Emulator ceiling"), so this ' +
      'machine cannot show it; the figure beside it is what the emulator allowed.',
    '',
  );

  if (r.ceiling) {
    const e = r.ceiling;
    out.push('## Emulator ceiling', '');
    out.push(
      `Calls per second moto sustains with no app in the way (${e.parallelCalls} calls in flight from the bench, ` +
        `${o.ceilingSeconds} s each). Moto answers every call from one Python process, so an order's calls add up: ` +
        `the ceilings below are the most orders/s any code could get through this emulator.`,
      '',
      table(
        ['call', 'per second'],
        [
          ['DynamoDB conditional UpdateItem', f0(e.dynamoUpdatesPerSecond)],
          ['SNS Publish (delivered to the subscribed queue)', f0(e.publishesPerSecond)],
          [
            `SQS receive (batches of ${e.batchSize}) + delete, messages, queue depth ${e.receiveQueueDepth}`,
            f0(e.receivedAndDeletedPerSecond),
          ],
          [
            '**accept ceiling**: orders/s for 2 writes + 1 publish each',
            `**${f1(e.acceptOrdersPerSecond)}**`,
          ],
          [
            '**processing ceiling**: orders/s for receive + delete + 2 writes each',
            `**${f1(e.processOrdersPerSecond)}**`,
          ],
        ],
      ),
      '',
    );
  }

  const c = r.compare;
  if (c) {
    const ratio = c.async.locust.requestsPerSecond / Math.max(1e-9, c.sync.locust.requestsPerSecond);
    out.push('## Sync vs async', '');
    out.push(
      `${c.users} locust users (spawn rate ${c.spawnRate}/s, ${c.durationSeconds} s, no think time), ` +
        `PROCESSING_TIME_MS=${c.processingMs}. Sync holds each request for the processing time; async answers once ` +
        `SNS acknowledged the order; a processor (PROCESSOR_CONCURRENCY=${c.async.processorConcurrency}) works the queue ` +
        (c.async.processorDuringLoad
          ? 'during the load.'
          : 'once the load ends (`--processor-during-load` runs it alongside): on this machine both would queue on ' +
            'the same one-process emulator, which on AWS they do not share, so the accept path is measured alone.'),
      '',
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
        [
          ['POST /orders/sync', c.sync.locust, c.sync.receiverPeakMiB] as const,
          ['POST /orders/async', c.async.locust, c.async.receiverPeakMiB] as const,
        ].map(([name, s, rss]) => [
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
      `Async accepted **${f1(ratio)}×** the sync throughput. The ideal for sync is users / processing time = ` +
        `${f1(c.users / (c.processingMs / 1000))} req/s.`,
      `Of ${c.async.accepted} accepted orders, **${c.async.completed} were COMPLETED** in DynamoDB ` +
        `(the processor finished ${f1(c.async.drainSeconds)} s after the load ended${c.async.drained ? '' : ', **timed out**'}; ` +
        `processor peak RSS ${f0(c.async.processorPeakMiB)} MiB). Sync: ${c.sync.completed} COMPLETED.`,
      '',
      '![throughput](sync-vs-async-throughput.png)',
      '',
      '![latency](sync-vs-async-latency.png)',
      '',
      'Locust reports: [sync.html](sync.html), [async.html](async.html); CSVs `sync_*.csv`, `async_*.csv`.',
      '',
    );
    if (r.ceiling) {
      const share = c.async.locust.requestsPerSecond / r.ceiling.acceptOrdersPerSecond;
      out.push(
        `The async run reached ${pct(share)} of the emulator's accept ceiling (${f1(r.ceiling.acceptOrdersPerSecond)} orders/s` +
          ` measured with nothing else running; during the run the processor's calls compete for the same emulator). ` +
          (share >= 0.6
            ? 'Here the emulator, not the receiver, sets the async figure: on AWS, SNS and DynamoDB scale out and ' +
              'the same receiver answers in a few milliseconds.'
            : 'The emulator had headroom: the receiver or the load generator set the figure.'),
        '',
      );
    }
  }

  const s = r.sweep;
  if (s) {
    out.push('## Processor throughput vs PROCESSOR_CONCURRENCY', '');
    out.push(
      `PROCESSING_TIME_MS=${s.processingMs}${s.jitterMs ? ` ± ${s.jitterMs}` : ''}, PROCESSOR_BATCH_SIZE=${s.batchSize}. ` +
        `Per level: fresh queue and table, concurrency × ${o.rounds} orders (at most ${o.maxPreload}) preloaded, then a new ` +
        'processor; throughput is the completion rate from the middle of its first wave of orders to the middle of ' +
        'its last (polled from its `orders_total{outcome="completed"}` every 50 ms), the bound is concurrency / processing time, and the final count ' +
        'is checked once in DynamoDB.',
      '',
      table(
        [
          'concurrency',
          'orders',
          'bound /s',
          'measured /s',
          '% of bound',
          'emulator busy at bound',
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
          pct(l.efficiency),
          r.ceiling ? pct(l.boundPerSecond / r.ceiling.processOrdersPerSecond) : '–',
          f1(l.wallSeconds),
          `${l.completedInTable}/${l.orders}`,
          `${f0(l.processorPeakMiB)} MiB`,
          levelVerdict(l, r.ceiling),
        ]),
      ),
      '',
      r.ceiling
        ? `Emulator processing ceiling: ${f1(r.ceiling.processOrdersPerSecond)} orders/s. "Emulator busy at bound" is the ` +
            'share of that ceiling the bound asks for; above ' +
            `${pct(EMULATOR_BUSY_LIMIT)} the processor's calls queue in the emulator for longer than the 10 % slack of ` +
            'the processing time (orders without jitter finish in waves, whose calls all arrive at once), so such a ' +
            'level is `emulator-bound`: its figure shows the emulator, not the processor.'
        : '',
      '',
      'Why a level below that is `missed`: each order spends, on top of its processing time, four round trips to ' +
        'the emulator (receive, claim, complete, delete), so throughput ≈ concurrency / (processing time + round ' +
        'trips). The claims and completes of a wave arrive together and the emulator applies DynamoDB writes one at ' +
        'a time (scripts/moto-server.py makes them atomic, as on DynamoDB), so the last order of a wave of 10–50 ' +
        `waits for the others' writes; with PROCESSOR_BATCH_SIZE=${o.batchSize} a consumer also waits for its whole ` +
        'batch before receiving again. On AWS these calls take milliseconds and run in parallel.',
      '',
      '![processor throughput](processor-throughput.png)',
      '',
    );
  }

  out.push(
    '## What limits these numbers',
    '',
    '- **The emulator.** moto serves SNS, SQS and DynamoDB from one Python process (one core at most), so every ' +
      'order the receiver accepts (2 DynamoDB writes + 1 publish) and every order the processor finishes ' +
      '(receive, 2 writes, delete) queues behind the same interpreter. Above the ceilings in "Emulator ceiling" no ' +
      'setting of the apps helps on this machine. On AWS each of these services scales independently.',
    '- **Two cores for everything.** locust, moto, the receiver and the processor compete for CPU; the async run ' +
      'and its processor also compete with each other. A result on a busy laptop is lower than on an idle one ' +
      '(see the load average above).',
    '- **What already made a difference** (kept from earlier measurements): keep-alive socket pools for every AWS ' +
      "client (libs/aws), so no call pays a TCP handshake; the project's moto launcher (scripts/moto-server.py), which " +
      'stops moto from counting every queued message on each publish and from listing its own package directory on ' +
      'each request: on a queue 2 000 deep, a publish went from 61 ms to 1 ms, a receive + delete from 110 ms to ' +
      '0.8 ms per message, and any call about twice as fast; app logs at warn during the load.',
    '',
  );
  if (r.charts.length === 0)
    out.push('_Charts were not drawn (matplotlib missing or failed); see the tables._', '');
  return out.join('\n');
}
