import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppProcess, StoredOrder } from '@app/testing';

/**
 * Shared by the fault specs (one file per fault, so jest runs them in
 * parallel): publishing to the real topic, the table's final state, and the
 * fulfilment count. A fulfilment that runs to its end logs "order fulfilled"
 * once, in whichever process ran it (the receiver too: the sync endpoint
 * fulfils inline), so counting those lines across all processes counts
 * fulfilments.
 */

/** Publishes each body to the topic (10 per PublishBatch call), as the receiver would. */
export async function publishToTopic(sns: SNSClient, topicArn: string, bodies: readonly object[]) {
  for (let i = 0; i < bodies.length; i += 10) {
    const chunk = bodies.slice(i, i + 10);
    const out = await sns.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: chunk.map((body, j) => ({
          Id: String(j),
          Message: JSON.stringify(body),
        })),
      }),
    );
    if (out.Failed?.length) throw new Error(`publish failed: ${JSON.stringify(out.Failed)}`);
  }
}

/** Every item of the table (consistent reads), by orderId. */
export async function scanOrders(dynamo: DynamoDBClient, table: string): Promise<Map<string, StoredOrder>> {
  const doc = DynamoDBDocumentClient.from(dynamo);
  const items = new Map<string, StoredOrder>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of (out.Items ?? []) as StoredOrder[]) items.set(item.orderId, item);
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Waits until every one of `orderIds` has `status` in the table; fails naming
 * the stragglers. Scans once a second: a scan of hundreds of items is real work
 * for moto, and the specs must not slow down the emulator they measure.
 */
export async function waitForAllStatus(
  dynamo: DynamoDBClient,
  table: string,
  orderIds: readonly string[],
  status: string,
  timeoutMs: number,
): Promise<Map<string, StoredOrder>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await scanOrders(dynamo, table);
    const missing = orderIds.filter((id) => items.get(id)?.status !== status);
    if (missing.length === 0) return items;
    if (Date.now() > deadline) {
      const sample = missing.slice(0, 5).map((id) => `${id}: ${items.get(id)?.status ?? 'absent'}`);
      throw new Error(
        `after ${timeoutMs} ms, ${missing.length} of ${orderIds.length} orders are not ${status} ` +
          `(e.g. ${sample.join(', ')})`,
      );
    }
    await sleep(1000);
  }
}

/** "order fulfilled" lines per orderId, over all the processes. */
export function fulfilmentCounts(processes: readonly AppProcess[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of processes) {
    for (const line of p.lines('order fulfilled')) {
      counts.set(line.orderId!, (counts.get(line.orderId!) ?? 0) + 1);
    }
  }
  return counts;
}

/** Waits (on the logs, which costs the emulator nothing) until each of `orderIds` was fulfilled somewhere. */
export async function waitForFulfilments(
  processes: readonly AppProcess[],
  orderIds: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = fulfilmentCounts(processes);
    const missing = orderIds.filter((id) => !counts.has(id));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `after ${timeoutMs} ms, ${missing.length} of ${orderIds.length} orders were never fulfilled ` +
          `(e.g. ${missing.slice(0, 5).join(', ')})`,
      );
    }
    await sleep(200);
  }
}

/** The figures the exactly-once checks assert and print. */
export interface FulfilmentFigures {
  /** Orders of `orderIds` fulfilled at least once. */
  readonly fulfilled: number;
  /** "order fulfilled" lines for `orderIds`, in total. */
  readonly fulfilments: number;
  readonly maxPerOrder: number;
  /** Orders fulfilled more than once, with their counts. */
  readonly twice: Record<string, number>;
  /** Orders never fulfilled. */
  readonly never: string[];
}

export function fulfilmentFigures(
  processes: readonly AppProcess[],
  orderIds: readonly string[],
): FulfilmentFigures {
  const counts = fulfilmentCounts(processes);
  const per = orderIds.map((id) => [id, counts.get(id) ?? 0] as const);
  return {
    fulfilled: per.filter(([, n]) => n > 0).length,
    fulfilments: per.reduce((sum, [, n]) => sum + n, 0),
    maxPerOrder: Math.max(0, ...per.map(([, n]) => n)),
    twice: Object.fromEntries(per.filter(([, n]) => n > 1)),
    never: per.filter(([, n]) => n === 0).map(([id]) => id),
  };
}

/** Counts of each value, e.g. HTTP statuses: `{ 202: 180, 503: 20 }`. */
export function tally<T extends string | number>(values: readonly T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
