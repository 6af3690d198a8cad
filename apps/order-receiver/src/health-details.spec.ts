import type { FastifyRequest } from 'fastify';
import { mayShowHealthDetails } from './health-details';

const request = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
  ({ headers, raw: { socket: { remoteAddress } } }) as unknown as FastifyRequest;

describe(mayShowHealthDetails.name, () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.3.7', '172.20.0.5', '192.168.1.2', 'fd00::5'])(
    'shows them to a direct call from the private address %s',
    (address) => {
      expect(mayShowHealthDetails(request(address))).toBe(true);
    },
  );

  it.each(['203.0.113.9', '::ffff:198.51.100.1', '2001:db8::1', '172.32.0.1'])(
    'keeps them from a direct call from the public address %s',
    (address) => {
      expect(mayShowHealthDetails(request(address))).toBe(false);
    },
  );

  it('keeps them from anything that came through a proxy, even from a private address', () => {
    expect(mayShowHealthDetails(request('10.0.1.5', { 'x-forwarded-for': '203.0.113.9' }))).toBe(false);
    expect(mayShowHealthDetails(request('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
  });

  it('keeps them when the peer is unknown (a closed socket)', () => {
    expect(mayShowHealthDetails(request(undefined))).toBe(false);
  });
});
