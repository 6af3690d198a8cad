import { ConsumerSlots } from './consumer-slots';
import { ReceiveWindow } from './receive-window';
import { SlotPool } from './slot-pool';

describe(ReceiveWindow.name, () => {
  it('admits what a receive brought and refills at once from what is free while it still holds slots', async () => {
    const pool = new SlotPool(20, 0);
    const sut = new ReceiveWindow(pool);
    const other = new ReceiveWindow(pool);
    expect(sut.open(10)).toBe(10);
    expect(other.open(10)).toBe(10);
    sut.admit(4);
    expect(sut.size).toBe(6);
    expect(await sut.refill()).toBe(6); // nothing free: the other window holds the rest
    pool.finish();
    pool.finish();
    expect(await sut.refill()).toBe(8);
    expect(pool.busySlots + pool.reservedSlots + pool.freeSlots).toBe(20);
  });

  it('refuses a receive that brought more messages than it reserved', () => {
    const pool = new SlotPool(5, 0);
    const sut = new ReceiveWindow(pool);
    sut.open(5);
    expect(() => sut.admit(6)).toThrow(/6 messages for 5 reserved slots/);
  });

  it('waits for a free slot when it holds none, so a full pool receives nothing', async () => {
    const pool = new SlotPool(3, 0);
    const sut = new ReceiveWindow(pool);
    sut.open(3);
    sut.admit(3);
    let size: number | undefined;
    const refilled = sut.refill().then((n) => (size = n));
    await new Promise((ok) => setImmediate(ok));
    expect(size).toBeUndefined();
    pool.finish();
    await refilled;
    expect(size).toBe(1);
  });

  it('never lets the orders in flight exceed the capacity, whatever the order of events', async () => {
    // A simulation: 3 windows over 25 slots; each round every window receives what it may
    // (at most its size), random orders end, windows refill. In flight never exceeds 25.
    const slots = new ConsumerSlots(25, 0);
    const windows = [...slots.windows.values()];
    let inFlight = 0;
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 500; round++) {
      for (const window of windows) {
        const brought = Math.floor(random() * (window.size + 1));
        window.admit(brought);
        inFlight += brought;
      }
      expect(slots.pool.busySlots).toBe(inFlight);
      expect(inFlight).toBeLessThanOrEqual(25);
      const ending = Math.floor(random() * (inFlight + 1));
      for (let i = 0; i < ending; i++) slots.pool.finish();
      inFlight -= ending;
      await Promise.all(windows.map((w) => (w.size > 0 || slots.pool.freeSlots > 0 ? w.refill() : 0)));
      expect(slots.pool.freeSlots + slots.pool.reservedSlots + slots.pool.busySlots).toBe(25);
    }
  });
});
