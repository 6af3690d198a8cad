import { OrderStatus } from '@app/domain';
import type { OrderRecord } from '@app/storage';
import { decideGiveBack, decideMalformed, decideOutcome, MessageContext } from './message-decision';

const key = { customerId: 'c-1', orderId: 'o-1' };
const record = { orderId: 'o-1', status: OrderStatus.COMPLETED, attempts: 2 } as OrderRecord;
const context = (overrides: Partial<MessageContext> = {}): MessageContext => ({
  messageId: 'm-1',
  receiveCount: 1,
  maxReceiveCount: 3,
  retryBaseDelayMs: 1000,
  ...overrides,
});

describe(decideOutcome.name, () => {
  it.each([
    ['completed', { kind: 'completed', record }, { kind: 'delete' }, 'completed'],
    ['duplicate', { kind: 'duplicate', record }, { kind: 'delete' }, 'duplicate'],
    [
      'failed',
      { kind: 'failed', record, reason: 'declined' },
      { kind: 'dead-letter', reason: 'declined', order: key },
      'failed',
    ],
    [
      'conflict',
      { kind: 'conflict', record },
      { kind: 'dead-letter', reason: 'order o-1 exists with a different body', order: key },
      'dead_lettered',
    ],
    [
      'retry after 3 attempts',
      { kind: 'retry', reason: 'x', attempts: 3 },
      { kind: 'delay', seconds: 4 },
      'retried',
    ],
    ['busy', { kind: 'busy', retryAfterMs: 2500 }, { kind: 'delay', seconds: 3.5 }, undefined],
    ['lease-lost', { kind: 'lease-lost' }, { kind: 'delay', seconds: 1 }, undefined],
    ['aborted', { kind: 'aborted' }, { kind: 'delay', seconds: 0 }, undefined],
  ] as const)('%s → %j', (_name, outcome, action, counted) => {
    const sut = decideOutcome(context(), key, outcome as never);
    expect(sut.action).toEqual(action);
    expect(sut.counted).toBe(counted);
  });

  it('drops the backstop of a conflicting sync request instead of dead-lettering it', () => {
    const sut = decideOutcome(context({ holdUntil: Date.now() }), key, { kind: 'conflict', record });
    expect(sut.action).toEqual({ kind: 'delete' });
    expect(sut.counted).toBeUndefined();
  });

  const deadLetter = { kind: 'dead-letter', reason: 'AccessDenied', order: key };
  const delay = { kind: 'delay', seconds: 2 }; // the base, doubled per receive
  const freshCopy = { kind: 'requeue', seconds: 4 };
  it.each([
    // Refused at the claim (`final` unknown): the receive count bounds it.
    ['with receives left', 2, undefined, delay, 'retried'],
    ['on its last receive, with the reason', 3, undefined, deadLetter, 'dead_lettered'],
    // Refused after the claim: the run's record says whether it was the last attempt.
    ['with no attempt left in its run, on any receive', 1, true, deadLetter, 'dead_lettered'],
    ['with attempts left, on the queue’s last receive', 3, false, freshCopy, 'retried'],
  ] as const)('a refused order, %s → %j', (_name, receiveCount, final, action, counted) => {
    const sut = decideOutcome(context({ receiveCount }), key, {
      kind: 'rejected',
      reason: 'AccessDenied',
      error: new Error() as never,
      final,
    });
    expect(sut.action).toEqual(action);
    expect(sut.counted).toBe(counted);
  });

  it('sends a fresh copy of a failed attempt with attempts left on the queue’s last receive', () => {
    const sut = decideOutcome(context({ receiveCount: 3 }), key, {
      kind: 'retry',
      reason: 'x',
      attempts: 2,
    });
    expect(sut.action).toEqual({ kind: 'requeue', seconds: 2 });
    expect(sut.counted).toBe('retried');
  });

  it('deletes a backstop whose order was never stored, with a log line, uncounted', () => {
    const sut = decideOutcome(context({ holdUntil: Date.now() }), key, { kind: 'absent' });
    expect(sut.action).toEqual({ kind: 'delete' });
    expect(sut.log).toMatchObject({ msg: 'backstop of a sync request that never stored its order' });
    expect(sut.counted).toBeUndefined();
  });

  it('dead-letters a FAILED order awaiting its dead letter (failed in the sync endpoint), with its reason', () => {
    const failed = {
      ...record,
      status: OrderStatus.FAILED,
      failureReason: 'payment declined',
      awaitingDeadLetter: true,
    } as OrderRecord;
    const sut = decideOutcome(context({ holdUntil: Date.now() }), key, {
      kind: 'duplicate',
      record: failed,
    });
    expect(sut.action).toEqual({
      kind: 'dead-letter',
      reason: 'payment declined',
      order: key,
      clearsAwaitingDeadLetter: true,
    });
    expect(sut.counted).toBe('dead_lettered');
  });

  it('acknowledges a FAILED order already dead-lettered as a duplicate', () => {
    const failed = { ...record, status: OrderStatus.FAILED, failureReason: 'declined' } as OrderRecord;
    const sut = decideOutcome(context({ holdUntil: Date.now() }), key, {
      kind: 'duplicate',
      record: failed,
    });
    expect(sut.action).toEqual({ kind: 'delete' });
    expect(sut.counted).toBe('duplicate');
  });

  it('requeues a fresh copy of a busy order on its last receive instead of leaving it to SQS', () => {
    const sut = decideOutcome(context({ receiveCount: 3 }), key, { kind: 'busy', retryAfterMs: 1000 });
    expect(sut.action).toEqual({ kind: 'requeue', seconds: 2 });
  });
});

describe(decideGiveBack.name, () => {
  it.each([
    [1, { kind: 'delay', seconds: 5 }],
    [2, { kind: 'delay', seconds: 5 }],
    [3, { kind: 'requeue', seconds: 5 }],
    [4, { kind: 'requeue', seconds: 5 }],
  ])('on receive %i of 3: %j', (receiveCount, action) => {
    expect(decideGiveBack(context({ receiveCount }), 5).action).toEqual(action);
  });
});

describe(decideMalformed.name, () => {
  it('dead-letters the message with the reason and counts it', () => {
    const sut = decideMalformed(context(), 'body is not valid JSON');
    expect(sut.action).toEqual({ kind: 'dead-letter', reason: 'malformed message: body is not valid JSON' });
    expect(sut.counted).toBe('dead_lettered');
    expect(sut.log).toMatchObject({ level: 'warn', messageId: 'm-1' });
  });
});
