import { DependencyRejectedError, DependencyUnavailableError } from '@app/domain';
import { outageRetries, UNKNOWN_ERROR_MAX_TRIES } from './outage-retry';

const outage = new DependencyUnavailableError('DynamoDB', new Error('connect ECONNREFUSED'));
const unknown = new DependencyUnavailableError('DynamoDB', new TypeError('x'), {
  retryLimit: UNKNOWN_ERROR_MAX_TRIES,
});

describe(outageRetries.name, () => {
  it('retries a real outage for as long as it lasts', () => {
    const sut = outageRetries();
    for (let i = 0; i < 1000; i++) expect(sut(outage)).toBe(true);
  });

  it(`retries an unknown error until ${UNKNOWN_ERROR_MAX_TRIES} tries in all have failed`, () => {
    const sut = outageRetries();
    const decisions = Array.from({ length: 6 }, () => sut(unknown));
    expect(decisions.filter(Boolean)).toHaveLength(UNKNOWN_ERROR_MAX_TRIES - 1);
    expect(decisions.slice(0, UNKNOWN_ERROR_MAX_TRIES - 1).every(Boolean)).toBe(true);
  });

  it('counts only the unknown errors: a long outage before one does not use up its tries', () => {
    const sut = outageRetries();
    for (let i = 0; i < 10; i++) sut(outage);
    expect(sut(unknown)).toBe(true);
  });

  it('decides for one call: a new call starts with all its tries', () => {
    const first = outageRetries();
    while (first(unknown));
    expect(outageRetries()(unknown)).toBe(true);
  });

  it('never retries a refusal or an error that is not a dependency error', () => {
    const sut = outageRetries();
    expect(sut(new DependencyRejectedError('SNS', 'NotFound', new Error('x')))).toBe(false);
    expect(sut(new Error('a defect'))).toBe(false);
    expect(sut(undefined)).toBe(false);
  });

  it('a limit of one try means no retry', () => {
    expect(outageRetries()(new DependencyUnavailableError('SQS', new Error('x'), { retryLimit: 1 }))).toBe(
      false,
    );
  });
});
