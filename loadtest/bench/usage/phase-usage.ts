/**
 * What a phase cost per order: CPU milliseconds of each process (from /proc) and
 * the apps' AWS requests by service and operation (their aws_requests_total),
 * between two snapshots taken while the processes run, priced by cost.ts.
 */
import { BenchApp } from '../runtime/bench-app';
import { costPerMillionOrders, CostPerMillion } from './cost';
import { Emulator } from '../runtime/emulator';
import { awsRequests, counterDelta } from '../runtime/prometheus';

/** `emulator`: moto (SNS and SQS, and DynamoDB when shared); `dynamodb`: ministack when DynamoDB runs apart. */
export type Role = 'receiver' | 'processor' | 'emulator' | 'dynamodb';

export interface UsageSnapshot {
  readonly at: number;
  readonly cpuMs: Partial<Record<Role, number>>;
  /** aws_requests_total of each app, by "service operation". */
  readonly aws: Partial<Record<Role, Record<string, number>>>;
}

export interface PhaseUsage {
  readonly orders: number;
  readonly seconds: number;
  /** CPU milliseconds per order by process; a missing role was not measured. */
  readonly cpuMsPerOrder: Partial<Record<Role, number>>;
  /** AWS requests per order by "service operation", the phase's apps together. */
  readonly awsRequestsPerOrder: Record<string, number>;
  readonly awsRequestsPerOrderTotal: number;
  /** At list prices, for the apps' requests and CPU (not the emulator's). */
  readonly cost: CostPerMillion;
}

/** The processes one phase measures. */
export interface UsageSources {
  readonly receiver?: BenchApp;
  readonly processor?: BenchApp;
  readonly emulator?: Emulator;
}

export async function snapshot(sources: UsageSources): Promise<UsageSnapshot> {
  const cpuMs: Partial<Record<Role, number>> = {};
  const aws: Partial<Record<Role, Record<string, number>>> = {};
  for (const role of ['receiver', 'processor'] as const) {
    const app = sources[role];
    if (!app) continue;
    const cpu = app.process.cpuMillis();
    if (cpu !== undefined) cpuMs[role] = cpu;
    aws[role] = awsRequests(await app.metrics());
  }
  const emulatorCpu = sources.emulator?.cpuMillis();
  if (emulatorCpu !== undefined) cpuMs.emulator = emulatorCpu;
  const dynamodbCpu = sources.emulator?.dynamodbCpuMillis();
  if (dynamodbCpu !== undefined) cpuMs.dynamodb = dynamodbCpu;
  return { at: performance.now(), cpuMs, aws };
}

/** Per-order figures between two snapshots of the same processes, `orders` finished in between. */
export function usageBetween(before: UsageSnapshot, after: UsageSnapshot, orders: number): PhaseUsage {
  const per = (n: number) => (orders > 0 ? n / orders : 0);
  const cpuMsPerOrder: Partial<Record<Role, number>> = {};
  for (const role of Object.keys(after.cpuMs) as Role[]) {
    const [a, b] = [before.cpuMs[role], after.cpuMs[role]];
    if (a !== undefined && b !== undefined && orders > 0) cpuMsPerOrder[role] = (b - a) / orders;
  }
  const awsRequestsPerOrder: Record<string, number> = {};
  for (const role of Object.keys(after.aws) as Role[]) {
    const delta = counterDelta(before.aws[role] ?? {}, after.aws[role] ?? {});
    for (const [call, n] of Object.entries(delta))
      awsRequestsPerOrder[call] = (awsRequestsPerOrder[call] ?? 0) + per(n);
  }
  const appCpu = (cpuMsPerOrder.receiver ?? 0) + (cpuMsPerOrder.processor ?? 0);
  return {
    orders,
    seconds: (after.at - before.at) / 1000,
    cpuMsPerOrder,
    awsRequestsPerOrder,
    awsRequestsPerOrderTotal: Object.values(awsRequestsPerOrder).reduce((a, b) => a + b, 0),
    cost: costPerMillionOrders({ requestsPerOrder: awsRequestsPerOrder, cpuMsPerOrder: appCpu }),
  };
}
