import { DependencyRejectedError, DependencyUnavailableError } from '@app/domain';
import { isRetryableOutage, UNKNOWN_ERROR_MAX_TRIES } from './outage-retry';

describe(isRetryableOutage.name, () => {
  it('retries a real outage for as long as it lasts', () => {
    const outage = new DependencyUnavailableError('DynamoDB', new Error('connect ECONNREFUSED'));
    for (const attempt of [1, 2, 10, 1000, Number.MAX_SAFE_INTEGER - 1]) {
      expect(isRetryableOutage(outage, attempt)).toBe(true);
    }
  });

  it(`retries an unknown error until ${UNKNOWN_ERROR_MAX_TRIES} tries in all have failed`, () => {
    const unknown = new DependencyUnavailableError('DynamoDB', new TypeError('x'), {
      retryLimit: UNKNOWN_ERROR_MAX_TRIES,
    });
    const tries = Array.from({ length: 6 }, (_, i) => i + 1).filter((attempt) =>
      isRetryableOutage(unknown, attempt),
    );
    expect(tries).toEqual(Array.from({ length: UNKNOWN_ERROR_MAX_TRIES - 1 }, (_, i) => i + 1));
  });

  it('never retries a refusal or an error that is not a dependency error', () => {
    expect(isRetryableOutage(new DependencyRejectedError('SNS', 'NotFound', new Error('x')), 1)).toBe(false);
    expect(isRetryableOutage(new Error('a defect'), 1)).toBe(false);
    expect(isRetryableOutage(undefined, 1)).toBe(false);
  });

  it('a limit of one try means no retry', () => {
    const error = new DependencyUnavailableError('SQS', new Error('x'), { retryLimit: 1 });
    expect(isRetryableOutage(error, 1)).toBe(false);
  });
});
