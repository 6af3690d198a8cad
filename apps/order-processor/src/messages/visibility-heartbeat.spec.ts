import type { Message } from '@aws-sdk/client-sqs';
import { VisibilityHeartbeat } from './visibility-heartbeat';

const message = (n: number): Message => ({ MessageId: `m${n}`, ReceiptHandle: `r${n}` });

describe(VisibilityHeartbeat.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('extends a held message once a third of the visibility timeout passed, well before it would show', () => {
    const extend = jest.fn();
    const sut = new VisibilityHeartbeat(30, extend);
    sut.hold(message(1));
    jest.advanceTimersByTime(9999);
    expect(extend).not.toHaveBeenCalled();
    jest.advanceTimersByTime(5001); // ticks every 5 s: due at 10 s, sent at the 15 s tick at the latest
    expect(extend).toHaveBeenCalledWith([message(1)], 30);
    sut.stop();
  });

  it('extends the messages that fall due together in one call', () => {
    const extend = jest.fn();
    const sut = new VisibilityHeartbeat(30, extend);
    sut.hold(message(1));
    jest.advanceTimersByTime(2000);
    sut.hold(message(2));
    jest.advanceTimersByTime(13000);
    expect(extend).toHaveBeenCalledTimes(1);
    expect(extend.mock.calls[0][0]).toEqual([message(1), message(2)]);
    sut.stop();
  });

  it('never extends a released message, and stops ticking when none is held', () => {
    const extend = jest.fn();
    const sut = new VisibilityHeartbeat(30, extend);
    sut.hold(message(1));
    sut.release(message(1));
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60000);
    expect(extend).not.toHaveBeenCalled();
  });

  it('costs a short order no call', () => {
    const extend = jest.fn();
    const sut = new VisibilityHeartbeat(30, extend);
    sut.hold(message(1));
    jest.advanceTimersByTime(5000);
    sut.release(message(1));
    expect(extend).not.toHaveBeenCalled();
  });

  it('takes due messages only once per interval', () => {
    let now = 0;
    const sut = new VisibilityHeartbeat(3, jest.fn(), () => now);
    sut.hold(message(1));
    now = 999;
    expect(sut.takeDue()).toEqual([]);
    now = 1000;
    expect(sut.takeDue()).toEqual([message(1)]);
    now = 1500;
    expect(sut.takeDue()).toEqual([]);
    now = 2000;
    expect(sut.takeDue()).toEqual([message(1)]);
    sut.stop();
  });

  it('takes along the messages that fall due before the next tick, none when none is due', () => {
    let now = 0;
    const sut = new VisibilityHeartbeat(3, jest.fn(), () => now);
    sut.hold(message(1));
    now = 400;
    sut.hold(message(2));
    now = 800;
    sut.hold(message(3));
    now = 1000;
    expect(sut.takeDue()).toEqual([message(1), message(2)]);
    now = 1400;
    expect(sut.takeDue()).toEqual([]);
    sut.stop();
  });
});
