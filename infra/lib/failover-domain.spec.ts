import { failoverDomain } from './failover-domain';

describe(failoverDomain.name, () => {
  it.each([
    ['example.com', 'orders', 'orders.example.com'],
    ['example.com', 'orders.example.com', 'orders.example.com'],
    ['example.com.', 'orders.example.com.', 'orders.example.com'],
    ['Example.COM', 'Orders', 'orders.example.com'],
    ['example.com', 'api.orders', 'api.orders.example.com'],
    ['example.com', '@', 'example.com'],
    ['example.com', '', 'example.com'],
    ['example.com', undefined, 'example.com'],
    ['example.com', 'example.com', 'example.com'],
    ['orders.example.com', 'orders', 'orders.example.com'],
    ['orders.example.com', 'orders.example.com', 'orders.example.com'],
    ['orders.example.com', 'dev', 'dev.orders.example.com'],
  ])('resolves zone %p and record %p to %p', (zone, record, expected) => {
    const sut = failoverDomain(zone, record);
    expect(sut.recordName).toBe(expected);
  });

  it('never doubles the zone or its first label', () => {
    for (const [zone, record] of [
      ['example.com', 'orders.example.com'],
      ['orders.example.com', 'orders'],
      ['orders.example.com', 'orders.example.com.'],
    ]) {
      const { recordName } = failoverDomain(zone, record);
      expect(recordName).not.toMatch(/example\.com\.example\.com|orders\.orders\./);
    }
  });

  it('flags the zone apex', () => {
    expect(failoverDomain('example.com').isApex).toBe(true);
    expect(failoverDomain('example.com', 'orders').isApex).toBe(false);
    expect(failoverDomain('example.com', 'orders').zoneName).toBe('example.com');
  });

  it('accepts a record of exactly 64 characters, the most a certificate name may have', () => {
    expect(failoverDomain('example.com', 'a'.repeat(52)).recordName).toHaveLength(64);
  });

  it('rejects an absolute name outside the zone', () => {
    expect(() => failoverDomain('example.com', 'orders.example.org.')).toThrow(/not inside hosted zone/);
  });

  it.each([
    ['exa mple.com', 'orders', /Invalid hosted zone/],
    ['example.com', 'under_score', /Invalid record name/],
    ['example.com', '-orders', /Invalid record name/],
    ['example.com', `${'a'.repeat(53)}`, /64 characters an ACM certificate/],
  ])('rejects zone %p with record %p', (zone, record, error) => {
    expect(() => failoverDomain(zone, record)).toThrow(error);
  });
});
