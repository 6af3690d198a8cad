/**
 * Names of every AWS resource the system uses, derived from one environment name.
 *
 * The apps, the local provisioning script and the CDKTF constructs all call
 * `resourceNames(environment)`, so a name is spelled in exactly one place and
 * several environments (`local`, `dev`, `prod`) live side by side without clashes.
 */
export interface ResourceNames {
  /** Environment the names belong to, e.g. `dev`. */
  readonly environment: string;
  /** Common prefix of every resource, e.g. `orders-dev`. */
  readonly prefix: string;
  /** SNS topic that `POST /orders/async` publishes to. */
  readonly topic: string;
  /** SQS queue subscribed to the topic, consumed by the order-processor. */
  readonly queue: string;
  /** Dead-letter queue of `queue`. */
  readonly deadLetterQueue: string;
  /**
   * Dead-letter queue of the topic's subscription: orders SNS could not deliver to `queue` at all
   * (a queue policy or key policy that refuses it, a deleted queue). No app reads it.
   */
  readonly deliveryDeadLetterQueue: string;
  /** DynamoDB table holding one item per order, keyed by (customerId, orderId): see ORDERS_TABLE_SCHEMA. */
  readonly table: string;
  /**
   * The table orders were kept in while they were keyed by orderId alone. No app uses it; infra
   * keeps it until the operator retires it (docs/migration.md).
   */
  readonly legacyTable: string;
}

const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/** Throws when `environment` would produce invalid or clashing AWS names. */
export function assertValidEnvironment(environment: string): void {
  if (!ENVIRONMENT_PATTERN.test(environment)) {
    throw new Error(
      `Invalid environment name "${environment}": use 1-20 lowercase letters, digits or dashes, starting with a letter`,
    );
  }
}

const TABLE_SUFFIX = '-customer-orders';

/**
 * The legacy table of the environment whose orders table is `table` (a task knows its table's
 * name, not its environment); undefined for a table resourceNames does not name.
 */
export function legacyTableOf(table: string): string | undefined {
  const environment = table.replace(/^orders-/, '').slice(0, -TABLE_SUFFIX.length);
  if (!table.endsWith(TABLE_SUFFIX) || !ENVIRONMENT_PATTERN.test(environment)) return undefined;
  const names = resourceNames(environment);
  return names.table === table ? names.legacyTable : undefined;
}

export function resourceNames(environment: string): ResourceNames {
  assertValidEnvironment(environment);
  const prefix = `orders-${environment}`;
  return {
    environment,
    prefix,
    topic: `${prefix}-topic`,
    queue: `${prefix}-queue`,
    deadLetterQueue: `${prefix}-dlq`,
    deliveryDeadLetterQueue: `${prefix}-delivery-dlq`,
    table: `${prefix}${TABLE_SUFFIX}`,
    legacyTable: `${prefix}-table`,
  };
}
