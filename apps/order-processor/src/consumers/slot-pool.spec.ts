import { SlotPool } from './slot-pool';

/** The promise's value if it settled once pending microtasks ran, else 'pending' (no timers: they may be fake). */
async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
  let out: T | 'pending' = 'pending';
  void promise.then((value) => (out = value));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return out;
}

describe(SlotPool.name, () => {
  const accounted = (sut: SlotPool) => sut.freeSlots + sut.reservedSlots + sut.busySlots;

  it('reserves what is free now, and nothing more than the capacity', () => {
    const sut = new SlotPool(15, 0);
    expect(sut.takeNow(10)).toBe(10);
    expect(sut.takeNow(10)).toBe(5);
    expect(sut.takeNow(10)).toBe(0);
    expect(sut.reservedSlots).toBe(15);
    sut.start(12);
    expect(sut.busySlots).toBe(12);
    expect(accounted(sut)).toBe(15);
  });

  it('refuses to start more orders than slots are reserved', () => {
    const sut = new SlotPool(3, 0);
    sut.takeNow(2);
    expect(() => sut.start(3)).toThrow(/3 orders started with 2 slots reserved/);
  });

  it('keeps a waiter waiting while no slot is free, and hands it the next one', async () => {
    const sut = new SlotPool(2, 0);
    sut.takeNow(2);
    sut.start(2);
    const waiting = sut.take(10);
    expect(await settled(waiting)).toBe('pending');
    sut.finish();
    expect(await waiting).toBe(1);
    expect(sut.freeSlots).toBe(0);
    expect(accounted(sut)).toBe(2);
  });

  it('serves waiters first come, first served; takeNow does not jump the queue', async () => {
    const sut = new SlotPool(2, 0);
    sut.takeNow(2);
    sut.start(2);
    const first = sut.take(1);
    const second = sut.take(1);
    sut.finish();
    expect(sut.takeNow(1)).toBe(0);
    expect(await first).toBe(1);
    expect(await settled(second)).toBe('pending');
    sut.finish();
    expect(await second).toBe(1);
  });

  describe('with a fill wait', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('waits up to the fill wait for a fuller window once a slot is free', async () => {
      const sut = new SlotPool(20, 25);
      sut.takeNow(20);
      sut.start(20);
      const waiting = sut.take(10);
      sut.finish();
      sut.finish();
      jest.advanceTimersByTime(24);
      expect(await settled(waiting)).toBe('pending');
      sut.finish();
      jest.advanceTimersByTime(1);
      expect(await waiting).toBe(3);
    });

    it('does not wait once the window can be filled', async () => {
      const sut = new SlotPool(20, 25);
      sut.takeNow(20);
      sut.start(20);
      const waiting = sut.take(10);
      for (let i = 0; i < 10; i++) sut.finish();
      expect(await waiting).toBe(10);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('answers every waiter 0 on close, and every later request too', async () => {
      const sut = new SlotPool(1, 25);
      sut.takeNow(1);
      const waiting = sut.take(10);
      sut.close();
      expect(await waiting).toBe(0);
      expect(await sut.take(1)).toBe(0);
      expect(sut.takeNow(1)).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it('takes unused reservations back', () => {
    const sut = new SlotPool(10, 0);
    sut.takeNow(10);
    sut.start(4);
    sut.unreserve(6);
    expect([sut.freeSlots, sut.reservedSlots, sut.busySlots]).toEqual([6, 0, 4]);
    expect(() => sut.unreserve(1)).toThrow();
  });
});
