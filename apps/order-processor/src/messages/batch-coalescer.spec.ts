import { BatchCoalescer, BatchEntryError, BatchEntryResult, entryResults } from './batch-coalescer';

interface Entry {
  readonly key: string;
  readonly n: number;
}

/** A batch call that records what it was sent and answers from `answer` (all ok by default). */
function recordingSender(
  answer: (entries: readonly Entry[]) => BatchEntryResult[] = (e) => e.map(() => ({ ok: true })),
) {
  const calls: Entry[][] = [];
  const send = jest.fn(async (entries: readonly Entry[]) => {
    calls.push([...entries]);
    return answer(entries);
  });
  return { calls, send };
}

const OPTIONS = { maxEntries: 10, lingerMs: 10, entryRetries: 2 };
const entry = (n: number, key = `k${n}`): Entry => ({ key, n });

describe(BatchCoalescer.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends what was added within the linger as one call', async () => {
    const { calls, send } = recordingSender();
    const sut = new BatchCoalescer(send, (e) => e.key, OPTIONS);
    const done = [1, 2, 3].map((n) => sut.add(entry(n)));
    expect(calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(10);
    await Promise.all(done);
    expect(calls.map((c) => c.map((e) => e.n))).toEqual([[1, 2, 3]]);
  });

  it('sends at once when 10 are ready, and never more than 10 per call', async () => {
    const { calls, send } = recordingSender();
    const sut = new BatchCoalescer(send, (e) => e.key, OPTIONS);
    const done = Array.from({ length: 23 }, (_, n) => sut.add(entry(n)));
    expect(calls.map((c) => c.length)).toEqual([10, 10]);
    await jest.advanceTimersByTimeAsync(10);
    await Promise.all(done);
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
  });

  it('rejects only the entry that failed, with its code; the others resolve', async () => {
    const { send } = recordingSender((entries) =>
      entries.map((e) =>
        e.n === 2
          ? { ok: false, code: 'ReceiptHandleIsInvalid', message: 'gone', senderFault: true }
          : { ok: true },
      ),
    );
    const sut = new BatchCoalescer(send, (e) => e.key, OPTIONS);
    const done = [1, 2, 3].map((n) =>
      sut.add(entry(n)).then(
        () => 'ok',
        (error: Error) => error,
      ),
    );
    await jest.advanceTimersByTimeAsync(10);
    const [a, b, c] = await Promise.all(done);
    expect([a, c]).toEqual(['ok', 'ok']);
    expect(b).toBeInstanceOf(BatchEntryError);
    expect(b).toMatchObject({ name: 'ReceiptHandleIsInvalid', senderFault: true, $fault: 'client' });
  });

  it('sends an entry that failed by a server fault again, up to entryRetries, then rejects it', async () => {
    const { calls, send } = recordingSender((entries) =>
      entries.map(() => ({ ok: false, code: 'InternalError', message: 'oops', senderFault: false })),
    );
    const sut = new BatchCoalescer(send, (e) => e.key, OPTIONS);
    const done = sut.add(entry(1)).catch((error: Error) => error);
    await jest.advanceTimersByTimeAsync(100);
    expect(await done).toMatchObject({ name: 'InternalError', $fault: 'server' });
    expect(calls).toHaveLength(3);
  });

  it('rejects every entry with the error of a call that failed as a whole', async () => {
    const sut = new BatchCoalescer(
      () => Promise.reject(new Error('socket hang up')),
      (e: Entry) => e.key,
      OPTIONS,
    );
    const done = [1, 2].map((n) => sut.add(entry(n)).catch((error: Error) => error.message));
    await jest.advanceTimersByTimeAsync(10);
    expect(await Promise.all(done)).toEqual(['socket hang up', 'socket hang up']);
  });

  it('never puts two entries of one key in one call or in two calls at once, and keeps their order', async () => {
    let answer: (() => void) | undefined;
    const calls: number[][] = [];
    const sut = new BatchCoalescer(
      (entries: readonly Entry[]) => {
        calls.push(entries.map((e) => e.n));
        return new Promise<BatchEntryResult[]>(
          (ok) => (answer = () => ok(entries.map(() => ({ ok: true })))),
        );
      },
      (e) => e.key,
      OPTIONS,
    );
    const first = sut.add(entry(1, 'same'));
    const other = sut.add(entry(2));
    const second = sut.add(entry(3, 'same'));
    await jest.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([[1, 2]]);
    await jest.advanceTimersByTimeAsync(50);
    expect(calls).toHaveLength(1); // 3 waits while 1 is in a call
    answer!();
    await Promise.all([first, other]);
    await jest.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([[1, 2], [3]]);
    answer!();
    await second;
  });
});

describe(entryResults.name, () => {
  it('maps Successful and Failed back to the positions their ids name; a missing one is a failure', () => {
    expect(
      entryResults(3, {
        Successful: [{ Id: '0' }],
        Failed: [{ Id: '2', Code: 'ReceiptHandleIsInvalid', Message: 'gone', SenderFault: true }],
      }),
    ).toEqual([
      { ok: true },
      { ok: false, code: 'MissingEntryResult', message: 'not in the answer', senderFault: false },
      { ok: false, code: 'ReceiptHandleIsInvalid', message: 'gone', senderFault: true },
    ]);
  });
});
