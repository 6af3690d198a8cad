import { Inject, Injectable } from '@nestjs/common';
import { AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dependencyError, DYNAMO_DOCUMENT_CLIENT } from '@app/aws';
import { ORDERS_TABLE_SCHEMA, ordersTableKey } from '@app/aws-resources';
import { APP_CONFIG, CommonConfig } from '@app/config';
import { Order, OrderConflictError, orderFingerprint, OrderKey, OrderStatus, totalAmount } from '@app/domain';
import { OrderRecord } from './order.record';

/** A claimed or accepted order must never expire. */
const TTL = ORDERS_TABLE_SCHEMA.ttlAttribute;

/**
 * Holds when no item has the written key. Any key attribute tells (every item has both), so
 * `attribute_not_exists(orderId)` means "this customer has no order with this id": another
 * customer's order of the same id is another item, which the condition never sees.
 */
const ABSENT = `attribute_not_exists(${ORDERS_TABLE_SCHEMA.sortKey})`;

export type ClaimResult =
  | { readonly claimed: true; readonly record: OrderRecord }
  | { readonly claimed: false; readonly record: OrderRecord | undefined };

export interface ClaimOptions {
  /**
   * Whether the claim may create the order when no item holds its id (default true). False for
   * a message that may only finish an order someone stored: a sync request's backstop.
   */
  readonly createIfAbsent?: boolean;
}

export interface FailOptions {
  /** The caller has no message to dead-letter (the sync endpoint): the order's backstop will (see OrderRecord). */
  readonly awaitingDeadLetter?: boolean;
}

/**
 * Every write is a single conditional DynamoDB call: no read-then-write, so two
 * workers, two receivers, or a redelivered message can never both win.
 */
@Injectable()
export class DynamoOrderRepository {
  private readonly table: string;

  constructor(
    @Inject(DYNAMO_DOCUMENT_CLIENT) private readonly dynamo: DynamoDBDocumentClient,
    @Inject(APP_CONFIG) config: CommonConfig,
  ) {
    this.table = config.ORDERS_TABLE_NAME;
  }

  async get(key: OrderKey): Promise<OrderRecord | undefined> {
    const out = await this.call(() =>
      this.dynamo.send(
        new GetCommand({ TableName: this.table, Key: ordersTableKey(key), ConsistentRead: true }),
      ),
    );
    return out.Item as OrderRecord | undefined;
  }

  /** Creates a PENDING async order; returns the existing item instead if the id is taken. */
  async createPending(
    order: Order,
    now: Date,
  ): Promise<{ created: boolean; record: OrderRecord | undefined }> {
    const record: OrderRecord = {
      ...order,
      totalAmount: totalAmount(order),
      fingerprint: orderFingerprint(order),
      status: OrderStatus.PENDING,
      channel: 'async',
      attempts: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    // Expires unless accepted or claimed (see ORDERS_TABLE_SCHEMA.ttlAttribute).
    const expiresAt = Math.floor(now.getTime() / 1000) + ORDERS_TABLE_SCHEMA.unacceptedOrderTtlSeconds;
    const created = await this.conditionalOrCurrent(() =>
      this.dynamo.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...record, [TTL]: expiresAt },
          ConditionExpression: ABSENT,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    return created === true
      ? { created: true, record }
      : { created: false, record: await this.current(order, created) };
  }

  /**
   * Records that SNS acknowledged the order; from then on GET shows it. An
   * upsert, not an update: a concurrent request for the same order whose
   * publish failed may have deleted the unaccepted item meanwhile
   * (deleteUnaccepted), and an order answered 202 must exist. Throws
   * OrderConflictError if the id now holds a different order.
   */
  async markAccepted(order: Order, now: Date): Promise<void> {
    const nowIso = now.toISOString();
    try {
      await this.call(() =>
        this.dynamo.send(
          new UpdateCommand({
            TableName: this.table,
            Key: ordersTableKey(order),
            UpdateExpression:
              'SET acceptedAt = if_not_exists(acceptedAt, :now), #status = if_not_exists(#status, :pending), ' +
              '#items = if_not_exists(#items, :items), ' +
              'totalAmount = if_not_exists(totalAmount, :total), fingerprint = if_not_exists(fingerprint, :fp), ' +
              'channel = if_not_exists(channel, :async), attempts = if_not_exists(attempts, :zero), ' +
              'createdAt = if_not_exists(createdAt, :now), updatedAt = if_not_exists(updatedAt, :now), ' +
              `lastPublishedAt = if_not_exists(lastPublishedAt, :now) REMOVE ${TTL}`,
            ConditionExpression: `${ABSENT} OR fingerprint = :fp`,
            ExpressionAttributeNames: { '#status': 'status', '#items': 'items' },
            ExpressionAttributeValues: {
              ':now': nowIso,
              ':pending': OrderStatus.PENDING,
              ':items': order.items,
              ':total': totalAmount(order),
              ':fp': orderFingerprint(order),
              ':async': 'async',
              ':zero': 0,
            },
          }),
        ),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new OrderConflictError(order.orderId);
      throw e;
    }
  }

  /**
   * Undoes createPending after a failed publish, unless someone published it meanwhile; false
   * when it was not deleted for that reason.
   */
  async deleteUnaccepted(key: OrderKey): Promise<boolean> {
    return this.conditional(() =>
      this.dynamo.send(
        new DeleteCommand({
          TableName: this.table,
          Key: ordersTableKey(key),
          ConditionExpression: 'attribute_not_exists(acceptedAt) AND #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': OrderStatus.PENDING },
        }),
      ),
    );
  }

  /**
   * Claims the right to publish an accepted, unfinished order once more: true for one caller
   * only, when its last publish is older than `publishedBefore` and it was republished fewer
   * than `limit` times. A client repeating its request in a loop so adds at most one message per
   * `publishedBefore` age, and at most `limit` over the order's life.
   */
  async reserveRepublish(key: OrderKey, publishedBefore: Date, limit: number, now: Date): Promise<boolean> {
    return this.conditional(() =>
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: ordersTableKey(key),
          UpdateExpression:
            'SET lastPublishedAt = :now, republished = if_not_exists(republished, :zero) + :one',
          ConditionExpression:
            'attribute_exists(acceptedAt) AND #status IN (:pending, :processing) AND ' +
            '(attribute_not_exists(lastPublishedAt) OR lastPublishedAt < :before) AND ' +
            '(attribute_not_exists(republished) OR republished < :limit)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':before': publishedBefore.toISOString(),
            ':limit': limit,
            ':zero': 0,
            ':one': 1,
            ':pending': OrderStatus.PENDING,
            ':processing': OrderStatus.PROCESSING,
          },
        }),
      ),
    );
  }

  /**
   * Takes the order for processing: creates it if absent (unless
   * `createIfAbsent` is false), or moves it from PENDING, or takes over a
   * PROCESSING item whose holder's lease expired. Fails if the content differs,
   * another holder is alive, or it is final. Repeating a claim with the same
   * owner succeeds, so a retried call whose first response was lost does not
   * lock the caller out.
   */
  async claim(
    order: Order,
    channel: 'sync' | 'async',
    owner: string,
    leaseMs: number,
    now: Date,
    options: ClaimOptions = {},
  ): Promise<ClaimResult> {
    const nowIso = now.toISOString();
    const claimable =
      '(fingerprint = :fp AND (#status = :pending OR ' +
      '(#status = :processing AND (leaseExpiresAt < :nowMs OR leaseOwner = :owner))))';
    try {
      const out = await this.call(() =>
        this.dynamo.send(
          new UpdateCommand({
            TableName: this.table,
            Key: ordersTableKey(order),
            UpdateExpression:
              'SET #status = :processing, leaseOwner = :owner, leaseExpiresAt = :lease, ' +
              'attempts = if_not_exists(attempts, :zero) + :one, #run = if_not_exists(#run, :one), ' +
              'processingStartedAt = if_not_exists(processingStartedAt, :now), updatedAt = :now, ' +
              '#items = if_not_exists(#items, :items), ' +
              'totalAmount = if_not_exists(totalAmount, :total), fingerprint = if_not_exists(fingerprint, :fp), ' +
              'createdAt = if_not_exists(createdAt, :now), channel = if_not_exists(channel, :channel) ' +
              `REMOVE ${TTL}`,
            ConditionExpression: options.createIfAbsent === false ? claimable : `${ABSENT} OR ${claimable}`,
            ExpressionAttributeNames: { '#status': 'status', '#items': 'items', '#run': 'run' },
            ExpressionAttributeValues: {
              ':processing': OrderStatus.PROCESSING,
              ':pending': OrderStatus.PENDING,
              ':owner': owner,
              ':lease': now.getTime() + leaseMs,
              ':nowMs': now.getTime(),
              ':zero': 0,
              ':one': 1,
              ':now': nowIso,
              ':items': order.items,
              ':total': totalAmount(order),
              ':fp': orderFingerprint(order),
              ':channel': channel,
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return { claimed: true, record: out.Attributes as OrderRecord };
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        return { claimed: false, record: await this.current(order, e) };
      }
      throw e;
    }
  }

  /** Extends the holder's lease; false when the lease was lost. */
  async renewLease(key: OrderKey, owner: string, leaseMs: number, now: Date): Promise<boolean> {
    return this.conditional(() =>
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: ordersTableKey(key),
          UpdateExpression: 'SET leaseExpiresAt = :lease',
          ConditionExpression: 'leaseOwner = :owner AND #status = :processing',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':lease': now.getTime() + leaseMs,
            ':owner': owner,
            ':processing': OrderStatus.PROCESSING,
          },
        }),
      ),
    );
  }

  /** PROCESSING → COMPLETED, only by the lease holder. */
  async complete(key: OrderKey, owner: string, now: Date): Promise<OrderRecord | undefined> {
    return this.finish(key, owner, 'SET #status = :to, completedAt = :now, updatedAt = :now', {
      ':to': OrderStatus.COMPLETED,
      ':now': now.toISOString(),
    });
  }

  /** PROCESSING → FAILED with the reason, only by the lease holder. */
  async fail(
    key: OrderKey,
    owner: string,
    reason: string,
    now: Date,
    options: FailOptions = {},
  ): Promise<OrderRecord | undefined> {
    const awaiting = options.awaitingDeadLetter === true;
    return this.finish(
      key,
      owner,
      'SET #status = :to, failedAt = :now, updatedAt = :now, failureReason = :reason' +
        (awaiting ? ', awaitingDeadLetter = :true' : ''),
      {
        ':to': OrderStatus.FAILED,
        ':now': now.toISOString(),
        ':reason': reason,
        ...(awaiting ? { ':true': true } : {}),
      },
    );
  }

  /**
   * Records that a FAILED order awaiting its dead letter (see OrderRecord.awaitingDeadLetter)
   * got it; false when it no longer awaits one (another copy of its message took it there, or
   * a redrive reopened it).
   */
  async markDeadLettered(key: OrderKey, now: Date): Promise<boolean> {
    return this.conditional(() =>
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: ordersTableKey(key),
          UpdateExpression: 'SET updatedAt = :now REMOVE awaitingDeadLetter',
          ConditionExpression: '#status = :failed AND awaitingDeadLetter = :true',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':failed': OrderStatus.FAILED,
            ':true': true,
          },
        }),
      ),
    );
  }

  /** Gives the order back after a failed attempt that will be retried; stays PROCESSING. */
  async releaseForRetry(key: OrderKey, owner: string, error: string, now: Date): Promise<void> {
    await this.conditional(() =>
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: ordersTableKey(key),
          UpdateExpression:
            'SET leaseExpiresAt = :zero, lastError = :error, updatedAt = :now REMOVE leaseOwner',
          ConditionExpression: 'leaseOwner = :owner AND #status = :processing',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':zero': 0,
            ':error': error,
            ':now': now.toISOString(),
            ':owner': owner,
            ':processing': OrderStatus.PROCESSING,
          },
        }),
      ),
    );
  }

  /**
   * FAILED → PROCESSING with an expired lease and a new run, so that the next
   * delivery of the order claims it and runs it again (with a new idempotency
   * key): what redriving it from the dead-letter queue means. The reason is
   * kept as lastError; the new run starts with none of its attempts used
   * (`attemptsBeforeRun`), while `attempts` keeps counting. False (and nothing
   * changed) unless the order is FAILED and holds the same order as the
   * message (`fingerprint`), so a repeated redrive cannot reopen an order that
   * completed or is running, nor a conflicting message someone else's order.
   */
  async reopenFailed(key: OrderKey, fingerprint: string, now: Date): Promise<boolean> {
    return this.conditional(() =>
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: ordersTableKey(key),
          UpdateExpression:
            'SET #status = :processing, leaseExpiresAt = :zero, lastError = failureReason, ' +
            '#run = if_not_exists(#run, :one) + :one, attemptsBeforeRun = if_not_exists(attempts, :zero), ' +
            'redrivenAt = :now, updatedAt = :now ' +
            'REMOVE failureReason, failedAt, leaseOwner, awaitingDeadLetter',
          ConditionExpression: '#status = :failed AND fingerprint = :fp',
          ExpressionAttributeNames: { '#status': 'status', '#run': 'run' },
          ExpressionAttributeValues: {
            ':processing': OrderStatus.PROCESSING,
            ':failed': OrderStatus.FAILED,
            ':zero': 0,
            ':one': 1,
            ':fp': fingerprint,
            ':now': now.toISOString(),
          },
        }),
      ),
    );
  }

  private async finish(
    key: OrderKey,
    owner: string,
    set: string,
    values: Record<string, unknown>,
  ): Promise<OrderRecord | undefined> {
    try {
      const out = await this.call(() =>
        this.dynamo.send(
          new UpdateCommand({
            TableName: this.table,
            Key: ordersTableKey(key),
            UpdateExpression: `${set}, finishedBy = :owner REMOVE leaseOwner, leaseExpiresAt, lastError`,
            ConditionExpression: 'leaseOwner = :owner AND #status = :processing',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ...values, ':owner': owner, ':processing': OrderStatus.PROCESSING },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return out.Attributes as OrderRecord;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      // A retried call whose first attempt was applied (its answer lost to a timeout) finds the
      // order already finished, by this same owner: that is our result, not a lost lease.
      const record = await this.current(key, e);
      return record?.finishedBy === owner ? record : undefined;
    }
  }

  /**
   * The item a refused conditional write found, which DynamoDB returns with the refusal
   * (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`), saving a second call; read with
   * GetItem when the refusal carries none (no item, or an emulator that does not return it).
   */
  private async current(
    key: OrderKey,
    refusal: ConditionalCheckFailedException,
  ): Promise<OrderRecord | undefined> {
    return refusal.Item ? (fromAttributeMap(refusal.Item) as unknown as OrderRecord) : this.get(key);
  }

  /** Runs a conditional write; true when it was applied, else the refusal. */
  private async conditionalOrCurrent(
    fn: () => Promise<unknown>,
  ): Promise<true | ConditionalCheckFailedException> {
    try {
      await this.call(fn);
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return e;
      throw e;
    }
  }

  /** Runs a conditional write; false when its condition did not hold. */
  private async conditional(fn: () => Promise<unknown>): Promise<boolean> {
    return (await this.conditionalOrCurrent(fn)) === true;
  }

  /** A failed condition passes through; anything else becomes an outage or a rejection (see dependencyError). */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw e;
      throw dependencyError('DynamoDB', e);
    }
  }
}

/**
 * DynamoDB's attribute-value form to plain values, as the document client reads items (numbers
 * as JS numbers). Needed for the item a refused write returns: the document client converts
 * results, not errors. The types an order record holds; a set or binary value is not one.
 */
export function fromAttributeMap(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, fromAttributeValue(value)]));
}

function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.M !== undefined) return fromAttributeMap(value.M);
  throw new Error(`Unexpected DynamoDB attribute type ${Object.keys(value).join(', ')} in an order record`);
}
