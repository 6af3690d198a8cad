/**
 * What one call costs a local AWS emulator, and whether it answers the project's own operations as
 * AWS does: the measurement behind the "Local backend" table of docs/load-testing.md.
 *
 * DynamoDB is driven through the orders repository itself (conditional put, conditional updates
 * with if_not_exists, REMOVE of the TTL attribute and ALL_NEW, consistent get); SNS and SQS through
 * the calls the apps make (publish with raw delivery into the queue, receive, delete, the batch
 * calls, the redrive to the dead-letter queue). Each operation runs `--calls` times from
 * `--callers` concurrent callers; the emulators' CPU time (from /proc, their child processes
 * included) before and after gives CPU ms per call, which another load on the machine barely
 * changes, unlike calls/s.
 *
 *   node dist/scripts/emulator-cost.js --dynamodb http://127.0.0.1:4567@PID \
 *     --messaging http://127.0.0.1:4566@PID [--calls 400] [--callers 4] [--json]
 *
 * Either side may be left out. Exits 1 when a check fails.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@app/aws';
import { LOCAL_REGION, MESSAGING_SETTINGS, ORDERS_TABLE_SCHEMA, resourceNames } from '@app/aws-resources';
import { CommonConfig } from '@app/config';
import { Order } from '@app/domain';
import { DynamoOrderRepository } from '@app/storage';
import { ensureTable, provisionMessaging, useEmulatorCredentials } from '@app/emulator';

interface Target {
  readonly url: string;
  readonly pid?: number;
}
interface Figure {
  readonly operation: string;
  readonly calls: number;
  readonly cpuMsPerCall?: number;
  readonly callsPerSecond: number;
}
interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const USER_HZ = 100; // clock ticks per second of /proc/<pid>/stat on Linux

/** CPU seconds used so far by `pid` and its descendants. */
function cpuSeconds(pid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (p: number): boolean => p === pid || (p > 1 && stats.has(p) && inTree(stats.get(p)!.ppid));
  let ticks = 0;
  for (const [p, s] of stats) if (inTree(p)) ticks += s.ticks;
  return ticks / USER_HZ;
}

/** Runs `fn(0..calls-1)` from `callers` concurrent loops; the figure charges the CPU of `pids`. */
async function measure(
  operation: string,
  calls: number,
  callers: number,
  pids: (number | undefined)[],
  fn: (i: number) => Promise<unknown>,
): Promise<Figure> {
  const known = pids.filter((p): p is number => p !== undefined);
  const cpuBefore = known.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < calls) await fn(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = known.reduce((sum, p) => sum + cpuSeconds(p), 0) - cpuBefore;
  return {
    operation,
    calls,
    ...(known.length ? { cpuMsPerCall: round((cpu * 1000) / calls) } : {}),
    callsPerSecond: round(calls / seconds),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Keep-alive clients like the apps', with room for an emulator that is slow under load. */
function clientSettings(target: Target) {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ENDPOINT_URL: target.url,
    AWS_MAX_SOCKETS: 64,
    AWS_REQUEST_TIMEOUT_MS: 10000,
  };
}

function order(orderId: string): Order {
  return { orderId, customerId: 'cost-1', items: [{ productId: 'sku-1', quantity: 2, price: 9.5 }] };
}

async function dynamoFigures(target: Target, calls: number, callers: number, allChecks: Check[]) {
  const raw = new DynamoDBClient(awsClientOptions(clientSettings(target), 'dynamodb'));
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const environment = `cost${randomUUID().slice(0, 6)}`;
  const tableName = resourceNames(environment).table;
  const checks: Check[] = [];
  try {
    await ensureTable(raw, tableName);
  } catch (e) {
    // An emulator without TTL still gets measured; the TTL check below says what is missing.
    checks.push({ name: 'UpdateTimeToLive', ok: false, detail: (e as Error).name });
  }
  const sut = new DynamoOrderRepository(doc, { ORDERS_TABLE_NAME: tableName } as CommonConfig);
  const ids = Array.from({ length: calls }, (_, i) => `${environment}-${i}`);
  const now = () => new Date();
  const pid = [target.pid];
  const figures = [
    await measure('PutItem, conditional (createPending)', calls, callers, pid, (i) =>
      sut.createPending(order(ids[i]), now()),
    ),
    await measure('UpdateItem, conditional, if_not_exists, REMOVE (markAccepted)', calls, callers, pid, (i) =>
      sut.markAccepted(order(ids[i]), now()),
    ),
    await measure('UpdateItem, conditional, ALL_NEW (claim)', calls, callers, pid, (i) =>
      sut.claim(order(ids[i]), 'async', 'owner-a', 60000, now()),
    ),
    await measure('GetItem, consistent', calls, callers, pid, (i) => sut.get(ids[i])),
    await measure('UpdateItem, refused condition (claim held by another)', calls, callers, pid, (i) =>
      sut.claim(order(ids[i]), 'async', 'owner-b', 60000, now()),
    ),
  ];
  await dynamoChecks(sut, doc, raw, tableName, ids, calls, environment, checks).catch((e: Error) =>
    checks.push({ name: 'the checks ran to the end', ok: false, detail: e.message }),
  );
  raw.destroy();
  allChecks.push(...checks);
  return figures;
}

/** Whether the emulator answers the repository's operations as DynamoDB does. */
async function dynamoChecks(
  sut: DynamoOrderRepository,
  doc: DynamoDBDocumentClient,
  raw: DynamoDBClient,
  tableName: string,
  ids: string[],
  calls: number,
  environment: string,
  checks: Check[],
): Promise<void> {
  const now = () => new Date();
  const record = await sut.get(ids[0]);
  checks.push({
    name: 'claim: if_not_exists counts attempts from 0, ALL_NEW returns the item',
    ok: record?.status === 'PROCESSING' && record.attempts === 1 && record.leaseOwner === 'owner-a',
    detail: JSON.stringify({ status: record?.status, attempts: record?.attempts }),
  });
  const again = await sut.createPending(order(ids[0]), now());
  checks.push({ name: 'a second conditional put of one id is refused', ok: !again.created });
  const fresh = `${environment}-ttl`;
  await sut.createPending(order(fresh), now());
  const withTtl = await doc.send(new GetCommand({ TableName: tableName, Key: { orderId: fresh } }));
  await sut.markAccepted(order(fresh), now());
  const accepted = await doc.send(new GetCommand({ TableName: tableName, Key: { orderId: fresh } }));
  const ttl = await raw
    .send(new DescribeTimeToLiveCommand({ TableName: tableName }))
    .catch((e: Error) => ({ TimeToLiveDescription: { TimeToLiveStatus: e.name, AttributeName: undefined } }));
  const ttlAttribute = ORDERS_TABLE_SCHEMA.ttlAttribute;
  checks.push({
    name: 'TTL enabled on expiresAt; createPending sets it, markAccepted removes it',
    ok:
      ttl.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' &&
      ttl.TimeToLiveDescription.AttributeName === ttlAttribute &&
      typeof withTtl.Item?.[ttlAttribute] === 'number' &&
      accepted.Item !== undefined &&
      !(ttlAttribute in accepted.Item),
    detail: JSON.stringify(ttl.TimeToLiveDescription),
  });
  checks.push({
    name: 'complete by a non-holder is refused; by the holder returns the COMPLETED item',
    ok:
      (await sut.complete(ids[0], 'owner-b', now())) === undefined &&
      (await sut.complete(ids[0], 'owner-a', now()))?.status === 'COMPLETED',
  });
  const wins = await racedWins(20, () => sut.createPending(order(`${environment}-race-put`), now()));
  checks.push({
    name: '20 concurrent conditional puts of one id: exactly one wins',
    ok: wins === 1,
    detail: `${wins} won`,
  });
  let claimWins = 0;
  for (let round = 0; round < 5; round++) {
    const id = `${environment}-race-claim-${round}`;
    await sut.createPending(order(id), now());
    const won = await racedWins(20, (i) => sut.claim(order(id), 'async', `owner-${i}`, 60000, now()));
    claimWins += won === 1 ? 1 : 0;
    if (won !== 1) checks.push({ name: `claim race ${round}`, ok: false, detail: `won: ${won}` });
  }
  checks.push({
    name: '5 × 20 concurrent claims of one PENDING order: exactly one wins each',
    ok: claimWins === 5,
  });
  try {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { orderId: ids[1] },
        UpdateExpression: 'SET #s = :x',
        ConditionExpression: '#s = :never',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':x': 'X', ':never': 'NEVER' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    checks.push({ name: 'a refused condition raises ConditionalCheckFailedException', ok: false });
  } catch (e) {
    const item = (e as { Item?: Record<string, unknown> }).Item;
    checks.push({
      name: 'a refused condition raises ConditionalCheckFailedException',
      ok: (e as Error).name === 'ConditionalCheckFailedException',
      detail: (e as Error).name,
    });
    checks.push({
      name: 'ReturnValuesOnConditionCheckFailure returns the item (not used yet; issue 9)',
      ok: item !== undefined,
    });
  }
  let scanned = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, Limit: 97, ExclusiveStartKey: start }),
    );
    scanned += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  const expected = calls + 2 + 5;
  checks.push({
    name: 'Scan (consistent, paginated) returns every item',
    ok: scanned === expected,
    detail: `${scanned} of ${expected}`,
  });
}

/** How many of `n` concurrent calls succeeded (a refused condition answers false or claimed: false). */
async function racedWins(n: number, fn: (i: number) => Promise<{ created?: boolean; claimed?: boolean }>) {
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => fn(i).catch((e: Error) => ({ error: e.message }))),
  );
  const errors = results.filter((r) => 'error' in r).length;
  const wins = results.filter((r) => !('error' in r) && (r.created === true || r.claimed === true)).length;
  return errors ? `${wins} won, ${errors} failed` : wins;
}

async function messagingFigures(target: Target, calls: number, callers: number, checks: Check[]) {
  const sns = new SNSClient(awsClientOptions(clientSettings(target), 'sns'));
  const sqs = new SQSClient(awsClientOptions(clientSettings(target), 'sqs'));
  const environment = `cost${randomUUID().slice(0, 6)}`;
  const locations = await provisionMessaging(environment, { sns, sqs });
  const pid = [target.pid];
  const QueueUrl = locations.queueUrl;
  const figures: Figure[] = [];
  figures.push(
    await measure('SNS Publish (raw delivery into the queue)', calls, callers, pid, (i) =>
      sns.send(
        new PublishCommand({ TopicArn: locations.topicArn, Message: JSON.stringify(order(`m-${i}`)) }),
      ),
    ),
  );
  let got = 0;
  let firstBody: string | undefined;
  let receiveCount: string | undefined;
  const pairs = await measure('SQS ReceiveMessage (1) + DeleteMessage', calls, callers, pid, async () => {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    for (const m of out.Messages ?? []) {
      got++;
      firstBody ??= m.Body;
      receiveCount ??= m.Attributes?.ApproximateReceiveCount;
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  });
  figures.push({ ...pairs, operation: 'SQS ReceiveMessage (1) + DeleteMessage, per message' });
  checks.push({
    name: 'raw delivery: the queue gets the published body itself, with ApproximateReceiveCount',
    ok: got === calls && firstBody?.startsWith('{"orderId":"m-') === true && receiveCount === '1',
    detail: `${got} of ${calls} received`,
  });
  const batches = Math.ceil(calls / 10);
  figures.push(
    await measure('SNS PublishBatch (10)', batches, callers, pid, (b) =>
      sns.send(
        new PublishBatchCommand({
          TopicArn: locations.topicArn,
          PublishBatchRequestEntries: Array.from({ length: 10 }, (_, j) => ({
            Id: String(j),
            Message: JSON.stringify(order(`b-${b}-${j}`)),
          })),
        }),
      ),
    ),
  );
  let batchGot = 0;
  let visibilityOk = true;
  figures.push(
    await measure(
      'SQS ReceiveMessage (10) + ChangeMessageVisibilityBatch + DeleteMessageBatch',
      batches,
      callers,
      pid,
      async () => {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        const messages = out.Messages ?? [];
        if (!messages.length) return;
        batchGot += messages.length;
        const entries = messages.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle }));
        const changed = await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl,
            Entries: entries.map((e) => ({ ...e, VisibilityTimeout: 60 })),
          }),
        );
        visibilityOk &&= (changed.Successful?.length ?? 0) === messages.length;
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: entries }));
      },
    ),
  );
  checks.push({
    name: 'PublishBatch, ChangeMessageVisibilityBatch and DeleteMessageBatch',
    ok: visibilityOk && batchGot > 0,
    detail: `${batchGot} of ${batches * 10} received in ${batches} receives`,
  });
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
  for (let i = 0; i < MESSAGING_SETTINGS.maxReceiveCount + 1; i++) {
    await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 1 }));
  }
  const dead = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: locations.deadLetterQueueUrl, WaitTimeSeconds: 2 }),
  );
  checks.push({
    name: `redrive: a message received ${MESSAGING_SETTINGS.maxReceiveCount} times moves to the dead-letter queue`,
    ok: dead.Messages?.[0]?.Body === 'poison',
  });
  sns.destroy();
  sqs.destroy();
  return figures;
}

function parseTarget(value: string | undefined): Target | undefined {
  if (!value) return undefined;
  const [url, pid] = value.split('@');
  return { url, ...(pid ? { pid: Number(pid) } : {}) };
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  useEmulatorCredentials();
  const calls = Number(arg(args, '--calls') ?? 400);
  const callers = Number(arg(args, '--callers') ?? 4);
  const dynamo = parseTarget(arg(args, '--dynamodb'));
  const messaging = parseTarget(arg(args, '--messaging'));
  const checks: Check[] = [];
  const figures = [
    ...(dynamo ? await dynamoFigures(dynamo, calls, callers, checks) : []),
    ...(messaging ? await messagingFigures(messaging, calls, callers, checks) : []),
  ];
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ calls, callers, figures, checks })}\n`);
  } else {
    for (const f of figures) {
      process.stdout.write(
        `${f.operation.padEnd(80)} ${String(f.cpuMsPerCall ?? '-').padStart(7)} CPU ms/call ${String(f.callsPerSecond).padStart(8)} calls/s\n`,
      );
    }
    for (const c of checks)
      process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? ` (${c.detail})` : ''}\n`);
  }
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`emulator-cost failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
