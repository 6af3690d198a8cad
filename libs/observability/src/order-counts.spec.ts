import { CounterDeltas, totalsByOutcome } from './order-counts';

describe(totalsByOutcome.name, () => {
  it("sums one channel's values by outcome", () => {
    const metric = {
      values: [
        { labels: { outcome: 'completed', channel: 'async' }, value: 4 },
        { labels: { outcome: 'completed', channel: 'sync' }, value: 9 },
        { labels: { outcome: 'failed', channel: 'async' }, value: 1 },
      ],
    };

    expect(totalsByOutcome(metric, 'async')).toEqual(
      new Map([
        ['completed', 4],
        ['failed', 1],
      ]),
    );
  });
});

describe(CounterDeltas.name, () => {
  it('gives what each total gained since the last call, and a reset total whole', () => {
    const sut = new CounterDeltas();

    expect(sut.next(new Map([['completed', 5]]))).toEqual(new Map([['completed', 5]]));
    expect(
      sut.next(
        new Map([
          ['completed', 8],
          ['failed', 1],
        ]),
      ),
    ).toEqual(
      new Map([
        ['completed', 3],
        ['failed', 1],
      ]),
    );
    expect(
      sut.next(
        new Map([
          ['completed', 2],
          ['failed', 1],
        ]),
      ),
    ).toEqual(
      new Map([
        ['completed', 2],
        ['failed', 0],
      ]),
    );
  });
});
