import { once } from 'node:events';
import { LeaseGuard, leaseMsFor, MAX_CLOCK_SKEW_MS } from './lease-guard';

describe(LeaseGuard.name, () => {
  const leaseMs = 900;
  let sut: LeaseGuard | undefined;
  afterEach(() => sut?.stop());

  it('keeps the work going while renewals succeed', async () => {
    let renewals = 0;
    sut = new LeaseGuard({ renew: async () => (renewals++, true), leaseMs }, performance.now()).start();
    while (renewals < 5) await new Promise((ok) => setTimeout(ok, 50));
    expect(sut.lost).toBeUndefined();
    expect(sut.signal.aborted).toBe(false);
  });

  it('stops the work before the lease ends when renewals hang (a stalled dependency)', async () => {
    const acquired = performance.now();
    sut = new LeaseGuard({ renew: () => new Promise<boolean>(() => undefined), leaseMs }, acquired).start();
    await once(sut.signal, 'abort');
    expect(sut.lost).toMatch(/could not be renewed in time/);
    // Before the lease ends by the holder's own clock, by the clock-skew margin.
    expect(performance.now() - acquired).toBeLessThan(leaseMs);
  });

  it('stops the work at once when the lease was taken over', async () => {
    const errors: Error[] = [];
    sut = new LeaseGuard(
      { renew: async () => false, leaseMs, onRenewalError: (e) => errors.push(e) },
      performance.now(),
    ).start();
    await once(sut.signal, 'abort');
    expect(sut.lost).toMatch(/taken over/);
    expect(errors).toEqual([]);
  });

  it('reports failed renewals and stops at the deadline', async () => {
    const errors: Error[] = [];
    sut = new LeaseGuard(
      {
        renew: async () => Promise.reject(new Error('DynamoDB down')),
        leaseMs,
        onRenewalError: (e) => errors.push(e),
      },
      performance.now(),
    ).start();
    await once(sut.signal, 'abort');
    expect(errors.length).toBeGreaterThan(0);
    expect(sut.lost).toMatch(/could not be renewed/);
  });
});

describe(`${LeaseGuard.name} on a fake clock`, () => {
  let sut: LeaseGuard | undefined;
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    sut?.stop();
    sut = undefined;
    jest.useRealTimers();
  });

  /** A renewal that succeeds `latencyMs` after it is sent, counting the renewals sent. */
  const renewing = (latencyMs = 0) => {
    const sent: number[] = [];
    const renew = () => {
      sent.push(performance.now());
      return new Promise<boolean>((resolve) => setTimeout(() => resolve(true), latencyMs));
    };
    return { sent, renew };
  };

  it('renews at once a lease whose claim took longer than a third of it, and keeps it', async () => {
    const leaseMs = 13000;
    const acquiredAt = performance.now();
    // The claim that granted the lease took 5 s to answer: more than a third of the lease.
    await jest.advanceTimersByTimeAsync(5000);
    const { sent, renew } = renewing(200);
    sut = new LeaseGuard({ renew, leaseMs }, acquiredAt).start();
    await jest.advanceTimersByTimeAsync(1);
    expect(sent.map((at) => at - acquiredAt)).toEqual([5000]);
    await jest.advanceTimersByTimeAsync(10 * leaseMs);
    expect(sut.lost).toBeUndefined();
    expect(sent.length).toBeGreaterThanOrEqual(30);
  });

  it('schedules the first renewal a third of the lease after it was acquired, not after start()', async () => {
    const leaseMs = 12000;
    const acquiredAt = performance.now();
    await jest.advanceTimersByTimeAsync(1000);
    const { sent, renew } = renewing();
    sut = new LeaseGuard({ renew, leaseMs }, acquiredAt).start();
    await jest.advanceTimersByTimeAsync(3 * leaseMs);
    expect(sent.slice(0, 3).map((at) => at - acquiredAt)).toEqual([4000, 8000, 12000]);
    expect(sut.lost).toBeUndefined();
  });

  it('keeps a margin of the full MAX_CLOCK_SKEW_MS on a lease of leaseMsFor(run)', async () => {
    const leaseMs = leaseMsFor(3000);
    const acquiredAt = performance.now();
    sut = new LeaseGuard({ renew: () => new Promise<boolean>(() => undefined), leaseMs }, acquiredAt).start();
    await jest.advanceTimersByTimeAsync(leaseMs - MAX_CLOCK_SKEW_MS - 1);
    expect(sut.signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(sut.lost).toMatch(/could not be renewed in time/);
  });
});

describe(leaseMsFor.name, () => {
  it.each([0, 50, 3000, 60000])(
    'a run of %d ms gets a lease that covers it with the full clock-skew margin and a third of slack',
    (runMs) => {
      const lease = leaseMsFor(runMs);
      // Long enough that the margin is MAX_CLOCK_SKEW_MS, not a third of the lease.
      expect(lease / 3).toBeGreaterThanOrEqual(MAX_CLOCK_SKEW_MS);
      // Unrenewed, the holder may work until lease - margin: the run fits with 2 × skew to spare.
      expect(lease - MAX_CLOCK_SKEW_MS - runMs).toBeGreaterThanOrEqual(2 * MAX_CLOCK_SKEW_MS);
      expect(lease).toBe(runMs + 3 * MAX_CLOCK_SKEW_MS);
    },
  );
});
