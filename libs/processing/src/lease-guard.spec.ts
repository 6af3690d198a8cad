import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { LeaseGuard } from './lease-guard';

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
