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
  /** DynamoDB table holding one item per order. */
  readonly table: string;
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

export function resourceNames(environment: string): ResourceNames {
  assertValidEnvironment(environment);
  const prefix = `orders-${environment}`;
  return {
    environment,
    prefix,
    topic: `${prefix}-topic`,
    queue: `${prefix}-queue`,
    deadLetterQueue: `${prefix}-dlq`,
    table: `${prefix}-table`,
  };
}
