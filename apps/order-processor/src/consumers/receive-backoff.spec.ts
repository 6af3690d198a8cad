import { ReceiveBackoff } from './receive-backoff';

describe(ReceiveBackoff.name, () => {
  it('waits nothing until a failure, then doubles up to the cap, and resets on success', () => {
    const sut = new ReceiveBackoff(100, 1000);
    expect(sut.delayMs()).toBe(0);
    const delays = [];
    for (let i = 0; i < 6; i++) {
      sut.failed();
      delays.push(sut.delayMs());
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    sut.succeeded();
    expect(sut.delayMs()).toBe(0);
    expect(sut.consecutiveFailures).toBe(0);
  });
});
