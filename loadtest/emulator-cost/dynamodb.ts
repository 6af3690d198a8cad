/**
 * The DynamoDB side of emulator-cost: the orders repository's own calls measured against a fresh
 * table (conditional put, conditional updates with if_not_exists, REMOVE of the TTL attribute and
 * ALL_NEW, consistent get), then checked for answering as DynamoDB does.
 */
import { randomUUID } from 'node:crypto';
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsClientOptions } from '@app/aws';
import { ORDERS_TABLE_SCHEMA, ordersTableKey, resourceNames } from '@app/aws-resources';
import { CommonConfig } from '@app/config';
import { ensureTable } from '@app/emulator';
import { DynamoOrderRepository } from '@app/storage';
import { orderBody as order } from '../bench/phases/order-body';
import { Check, clientSettings, Figure, measure, Target } from './measure';

/** What the checks need: the repository under test, its clients and the items the figures wrote. */
interface Table {
  readonly sut: DynamoOrderRepository;
  readonly doc: DynamoDBDocumentClient;
  readonly raw: DynamoDBClient;
  readonly tableName: string;
  readonly ids: readonly string[];
  readonly environment: string;
}

const now = () => new Date();

export async function dynamoFigures(
  target: Target,
  calls: number,
  callers: number,
  allChecks: Check[],
): Promise<Figure[]> {
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
    await measure('GetItem, consistent', calls, callers, pid, (i) => sut.get(order(ids[i]))),
    await measure('UpdateItem, refused condition (claim held by another)', calls, callers, pid, (i) =>
      sut.claim(order(ids[i]), 'async', 'owner-b', 60000, now()),
    ),
  ];
  await dynamoChecks({ sut, doc, raw, tableName, ids, environment }, calls, checks).catch((e: Error) =>
    checks.push({ name: 'the checks ran to the end', ok: false, detail: e.message }),
  );
  raw.destroy();
  allChecks.push(...checks);
  return figures;
}

/** Whether the emulator answers the repository's operations as DynamoDB does. */
async function dynamoChecks(table: Table, calls: number, checks: Check[]): Promise<void> {
  await checkClaimAndPut(table, checks);
  await checkTtl(table, checks);
  await checkComplete(table, checks);
  await checkRaces(table, checks);
  await checkRefusedCondition(table, checks);
  await checkScan(table, calls, checks);
}

async function checkClaimAndPut({ sut, ids }: Table, checks: Check[]): Promise<void> {
  const record = await sut.get(order(ids[0]));
  checks.push({
    name: 'claim: if_not_exists counts attempts from 0, ALL_NEW returns the item',
    ok: record?.status === 'PROCESSING' && record.attempts === 1 && record.leaseOwner === 'owner-a',
    detail: JSON.stringify({ status: record?.status, attempts: record?.attempts }),
  });
  const again = await sut.createPending(order(ids[0]), now());
  checks.push({ name: 'a second conditional put of one id is refused', ok: !again.created });
}

async function checkTtl({ sut, doc, raw, tableName, environment }: Table, checks: Check[]): Promise<void> {
  const fresh = `${environment}-ttl`;
  await sut.createPending(order(fresh), now());
  const withTtl = await doc.send(new GetCommand({ TableName: tableName, Key: ordersTableKey(order(fresh)) }));
  await sut.markAccepted(order(fresh), now());
  const accepted = await doc.send(
    new GetCommand({ TableName: tableName, Key: ordersTableKey(order(fresh)) }),
  );
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
}

async function checkComplete({ sut, ids }: Table, checks: Check[]): Promise<void> {
  checks.push({
    name: 'complete by a non-holder is refused; by the holder returns the COMPLETED item',
    ok:
      (await sut.complete(order(ids[0]), 'owner-b', now())) === undefined &&
      (await sut.complete(order(ids[0]), 'owner-a', now()))?.status === 'COMPLETED',
  });
}

async function checkRaces({ sut, environment }: Table, checks: Check[]): Promise<void> {
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
}

async function checkRefusedCondition({ doc, tableName, ids }: Table, checks: Check[]): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: ordersTableKey(order(ids[1])),
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
      name: 'ReturnValuesOnConditionCheckFailure returns the item of a refused write (the repository reads it)',
      ok: item !== undefined,
    });
  }
}

async function checkScan({ doc, tableName }: Table, calls: number, checks: Check[]): Promise<void> {
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
