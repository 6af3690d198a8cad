/**
 * The performance targets (throughput, latency, AWS requests and CPU per order,
 * idle cost, flat memory), each judged against the figure this run measured: met,
 * missed, or not measured (its phase was skipped or failed). Ratios are to
 * figures measured in the same run: the emulator's ceiling, so they hold whatever
 * the backend (where an absolute target is above that ceiling, `limit` says the
 * emulator is the wall), and for the liveness route the NestJS-on-Fastify anchor,
 * so it holds whatever the machine.
 */
import { anchorLabel, livenessRatio, TARGET_ANCHOR } from '../phases/anchors';
import { EmulatorCeiling } from '../phases/ceiling';
import { f0, f1, f2, pct } from './markdown';
import { BenchResults } from './results';
import { SweepLevel } from '../phases/sweep';

export type Verdict = 'met' | 'missed' | 'not measured';

export interface Target {
  readonly figure: string;
  readonly goal: string;
  readonly measured: string;
  readonly verdict: Verdict;
  /** What on this machine caps the figure, when the bench can tell. */
  readonly limit?: string;
}

export const TARGETS = {
  /** The receiver's GET /health/live as a share of the NestJS-on-Fastify anchor's req/s. */
  livenessShareOfAnchor: 0.4,
  asyncPerSecond: 350,
  asyncShareOfAcceptCeiling: 0.8,
  openLoopPerSecond: 100,
  openLoopP99Ms: 50,
  receiverCpuMsPerOrder: 3,
  intakeRequestsPerOrder: 2,
  sweepShare: 0.9,
  processingCeilingPerSecond: 150,
  processingRequestsPerOrder: 2.3,
  processorCpuMsPerOrder: 3,
  idleRequestsPerMinute: 300,
  asyncOverSync: 20,
} as const;

const verdict = (ok: boolean): Verdict => (ok ? 'met' : 'missed');
const NOT_MEASURED = { measured: '–', verdict: 'not measured' as const };

/** What a sweep level can reach at best: C/T, or the emulator's processing ceiling if lower. */
export function sweepBound(level: SweepLevel, ceiling?: EmulatorCeiling): number {
  return ceiling ? Math.min(level.boundPerSecond, ceiling.processOrdersPerSecond) : level.boundPerSecond;
}

/** A level's throughput as a share of sweepBound. */
export function sweepShare(level: SweepLevel, ceiling?: EmulatorCeiling): number {
  return level.throughputPerSecond / sweepBound(level, ceiling);
}

/** The sweep level whose per-order figures stand for "at load": the highest concurrency that measured them. */
export function levelAtLoad(levels: readonly SweepLevel[]): SweepLevel | undefined {
  return levels.filter((l) => l.usage && l.usage.orders > 0).at(-1);
}

/** Every target in the order of the report's table. */
export function evaluateTargets(r: BenchResults): Target[] {
  return [
    livenessTarget(r),
    asyncTarget(r),
    openLoopTarget(r),
    receiverCpuTarget(r),
    intakeRequestsTarget(r),
    sweepTarget(r),
    processingRequestsTarget(r),
    processorCpuTarget(r),
    idleTarget(r),
    asyncOverSyncTarget(r),
    memoryTarget(r),
  ];
}

function livenessTarget(r: BenchResults): Target {
  const live = r.receiver?.liveness;
  const anchor = r.receiver?.anchors?.find((a) => a.name === TARGET_ANCHOR);
  const ratio = livenessRatio(live, anchor);
  return {
    figure: `\`GET /health/live\`, 50 connections (wrk), beside the ${anchorLabel(TARGET_ANCHOR)} anchor of the same run`,
    goal: `≥ ${TARGETS.livenessShareOfAnchor} × the anchor's req/s, 0 errors`,
    ...(live && anchor && ratio !== undefined
      ? {
          measured:
            `${f0(live.requestsPerSecond)} req/s, ${live.errors} errors: ` +
            `${f2(ratio)} × ${f0(anchor.requestsPerSecond)} req/s`,
          verdict: verdict(ratio >= TARGETS.livenessShareOfAnchor && live.errors === 0),
        }
      : NOT_MEASURED),
  };
}

function asyncTarget(r: BenchResults): Target {
  const a = r.compare?.async;
  const accept = r.ceiling?.acceptOrdersPerSecond;
  return {
    figure: '`POST /orders/async`, closed loop, unique ids',
    goal:
      `≥ ${TARGETS.asyncPerSecond} req/s, 0 errors, and ≥ ${pct(TARGETS.asyncShareOfAcceptCeiling)} ` +
      "of the emulator's accept ceiling",
    ...(a
      ? {
          measured:
            `${f1(a.locust.requestsPerSecond)} req/s, ${a.locust.failures} errors` +
            (accept ? `, ${pct(a.locust.requestsPerSecond / accept)} of ${f1(accept)}/s` : ''),
          verdict: verdict(
            a.locust.requestsPerSecond >= TARGETS.asyncPerSecond &&
              a.locust.failures === 0 &&
              accept !== undefined &&
              a.locust.requestsPerSecond >= TARGETS.asyncShareOfAcceptCeiling * accept,
          ),
          limit:
            accept !== undefined && accept < TARGETS.asyncPerSecond
              ? `emulator: its accept ceiling ${f1(accept)}/s is below ${TARGETS.asyncPerSecond}`
              : undefined,
        }
      : NOT_MEASURED),
  };
}

function openLoopTarget(r: BenchResults): Target {
  const open = r.receiver?.openLoop;
  return {
    figure: `\`POST /orders/async\` at a fixed ${TARGETS.openLoopPerSecond} req/s (open loop)`,
    goal: `p99 ≤ ${TARGETS.openLoopP99Ms} ms`,
    ...(open
      ? {
          measured: `p99 ${f0(open.p99Ms)} ms (p50 ${f0(open.p50Ms)}), ${open.errors} errors, sent ${f1(open.sentPerSecond)}/s`,
          verdict: verdict(
            open.targetPerSecond >= TARGETS.openLoopPerSecond &&
              open.p99Ms <= TARGETS.openLoopP99Ms &&
              open.errors === 0,
          ),
          limit: r.receiver?.openLoopSaturated?.length
            ? `machine: at ${r.receiver.openLoopSaturated[0].targetPerSecond} req/s the receiver and the emulators ` +
              `saturate its ${r.machine.cpus} cores (p99 ${f0(r.receiver.openLoopSaturated[0].p99Ms)} ms, ` +
              `${r.receiver.openLoopSaturated[0].errors} errors); measured at ${open.targetPerSecond} req/s`
            : open.targetPerSecond < TARGETS.openLoopPerSecond
              ? `emulator: run at ${open.targetPerSecond} req/s, half its accept ceiling, which is below ${TARGETS.openLoopPerSecond}`
              : undefined,
        }
      : NOT_MEASURED),
  };
}

/**
 * The receiver's CPU per order is measured with every request's token verified: the issuer's keys
 * are fetched once and cached, so a request costs a signature check, never a call to the issuer.
 * A receiver that did not refuse a request without a token (authentication not in place, or
 * AUTH_DISABLED) is said to be one.
 */
export function receiverCpuFigure(authenticated: boolean | undefined, signingKeyFetches?: number): string {
  if (authenticated === undefined) return 'receiver CPU per accepted async order';
  const fetches =
    signingKeyFetches === undefined
      ? 'keys cached'
      : `${signingKeyFetches} signing-key fetch${signingKeyFetches === 1 ? '' : 'es'} in the load: keys cached, no call to the issuer per request`;
  return authenticated
    ? `receiver CPU per order with authentication (${fetches}), per accepted async order`
    : 'receiver CPU per accepted async order, without authentication (the receiver accepted a request without a token)';
}

function receiverCpuTarget(r: BenchResults): Target {
  const intake = r.compare?.async?.intake;
  const receiverCpu = intake?.cpuMsPerOrder.receiver;
  const met = receiverCpu !== undefined && receiverCpu <= TARGETS.receiverCpuMsPerOrder;
  return {
    figure: receiverCpuFigure(r.compare?.async?.authenticated, r.compare?.async?.signingKeyFetches),
    goal: `≤ ${TARGETS.receiverCpuMsPerOrder} ms`,
    ...(receiverCpu !== undefined
      ? {
          measured: `${f1(receiverCpu)} ms`,
          verdict: verdict(met),
          // The run counts the calls per order; what they cost in the receiver's CPU comes from a
          // profile under this load, documented beside the targets in docs/load-testing.md.
          limit: met
            ? undefined
            : `app: the AWS SDK, ${f2(intake!.awsRequestsPerOrderTotal)} calls per order; in a profile the SDK ` +
              "and its sockets take over half of the receiver's CPU per order, the HTTP stack about 5 % " +
              '(docs/load-testing.md, "Issue 15\'s targets")',
        }
      : NOT_MEASURED),
  };
}

function intakeRequestsTarget(r: BenchResults): Target {
  const a = r.compare?.async;
  const intake = a && a.intake.orders > 0 ? a.intake.awsRequestsPerOrderTotal : undefined;
  return {
    figure: 'emulator requests per accepted async order',
    goal: `≤ ${TARGETS.intakeRequestsPerOrder}`,
    ...(intake !== undefined
      ? { measured: f2(intake), verdict: verdict(intake <= TARGETS.intakeRequestsPerOrder) }
      : NOT_MEASURED),
  };
}

function sweepTarget(r: BenchResults): Target {
  const ceiling = r.ceiling;
  const levels = r.sweep?.levels ?? [];
  return {
    figure: `processor draining a backlog, T=${(r.sweep?.processingMs ?? 1000) / 1000} s, C = ${levels.map((l) => l.concurrency).join(', ') || '–'}`,
    goal:
      `≥ ${pct(TARGETS.sweepShare)} of min(C/T, emulator processing ceiling) at every level, ` +
      `and that ceiling ≥ ${TARGETS.processingCeilingPerSecond}/s`,
    ...(levels.length && ceiling
      ? {
          measured:
            levels.map((l) => `C=${l.concurrency}: ${pct(sweepShare(l, ceiling))}`).join(', ') +
            `; ceiling ${f1(ceiling.processOrdersPerSecond)}/s`,
          verdict: verdict(
            levels.every((l) => !l.error && sweepShare(l, ceiling) >= TARGETS.sweepShare) &&
              ceiling.processOrdersPerSecond >= TARGETS.processingCeilingPerSecond,
          ),
          limit:
            ceiling.processOrdersPerSecond < TARGETS.processingCeilingPerSecond
              ? `emulator: processing ceiling ${f1(ceiling.processOrdersPerSecond)}/s`
              : undefined,
        }
      : NOT_MEASURED),
  };
}

function processingRequestsTarget(r: BenchResults): Target {
  const atLoad = levelAtLoad(r.sweep?.levels ?? []);
  return {
    figure: 'emulator requests per processed order',
    goal: `≤ ${TARGETS.processingRequestsPerOrder} at load`,
    ...(atLoad?.usage
      ? {
          measured: `${f2(atLoad.usage.awsRequestsPerOrderTotal)} at C=${atLoad.concurrency}`,
          verdict: verdict(atLoad.usage.awsRequestsPerOrderTotal <= TARGETS.processingRequestsPerOrder),
        }
      : NOT_MEASURED),
  };
}

function processorCpuTarget(r: BenchResults): Target {
  const atLoad = levelAtLoad(r.sweep?.levels ?? []);
  const processorCpu = atLoad?.usage?.cpuMsPerOrder.processor;
  return {
    figure: 'processor CPU per processed order',
    goal: `≤ ${TARGETS.processorCpuMsPerOrder} ms`,
    ...(processorCpu !== undefined
      ? {
          measured: `${f1(processorCpu)} ms at C=${atLoad!.concurrency}`,
          verdict: verdict(processorCpu <= TARGETS.processorCpuMsPerOrder),
        }
      : NOT_MEASURED),
  };
}

function idleTarget(r: BenchResults): Target {
  const idle = r.idle;
  return {
    figure: `processor AWS requests per minute when idle, C=${idle?.concurrency ?? 1000}`,
    goal: `≤ ${TARGETS.idleRequestsPerMinute}`,
    ...(idle
      ? {
          measured: f0(idle.requestsPerMinute),
          verdict: verdict(idle.requestsPerMinute <= TARGETS.idleRequestsPerMinute),
        }
      : NOT_MEASURED),
  };
}

function asyncOverSyncTarget(r: BenchResults): Target {
  const a = r.compare?.async;
  const s = r.compare?.sync;
  return {
    figure: `async / sync accepted orders, ${r.compare?.users ?? 50} users, T=${(r.compare?.processingMs ?? 3000) / 1000} s, same run`,
    goal: `≥ ${TARGETS.asyncOverSync}×`,
    ...(a && s && s.locust.requestsPerSecond > 0
      ? {
          measured: `${f1(a.locust.requestsPerSecond / s.locust.requestsPerSecond)}×`,
          verdict: verdict(a.locust.requestsPerSecond / s.locust.requestsPerSecond >= TARGETS.asyncOverSync),
        }
      : NOT_MEASURED),
  };
}

function memoryTarget(r: BenchResults): Target {
  const soak = r.soak;
  const trends = soak ? [soak.rss, soak.heap].filter((t) => t !== undefined) : [];
  return {
    figure: `processor memory over ${soak?.orders ?? 10000} orders`,
    goal: 'flat RSS and heap after warm-up, no MaxListenersExceededWarning',
    ...(soak && trends.length
      ? {
          measured:
            `RSS ${soak.rss ? `${f0(soak.rss.fromMiB)} → ${f0(soak.rss.toMiB)} MiB` : '–'}, ` +
            `heap ${soak.heap ? `${f0(soak.heap.fromMiB)} → ${f0(soak.heap.toMiB)} MiB` : '–'}, ` +
            `${soak.leakWarnings} leak warnings, ${soak.completed}/${soak.orders} orders`,
          verdict: verdict(soak.finished && soak.leakWarnings === 0 && trends.every((t) => t.flat)),
        }
      : NOT_MEASURED),
  };
}
