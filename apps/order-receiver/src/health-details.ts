import { BlockList, isIPv4 } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** Loopback and private addresses: the container itself, the VPC, a local Docker network. */
const PRIVATE_NETWORKS = new BlockList();
PRIVATE_NETWORKS.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE_NETWORKS.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_NETWORKS.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_NETWORKS.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_NETWORKS.addAddress('::1', 'ipv6');
PRIVATE_NETWORKS.addSubnet('fc00::', 7, 'ipv6');
PRIVATE_NETWORKS.addSubnet('fe80::', 10, 'ipv6');

/**
 * Whether a health answer may carry its details (each dependency's state and the AWS SDK's error
 * text, which can name the task role's ARN and the account id). Only a caller that reached the
 * process directly from a private address gets them: the container health check, an operator in
 * the VPC, `curl localhost`. Everyone else gets the status alone, and the details go to the log.
 *
 * Decided from the connection, not from a setting that a deploy could get wrong: the load balancer
 * always appends X-Forwarded-For, and a client can add that header but never remove the load
 * balancer's, so a request that came through it cannot pass for a direct one. The peer address is
 * the socket's, never X-Forwarded-For's, so a receiver exposed without a proxy keeps the details
 * from the internet too.
 */
export function mayShowHealthDetails(request: FastifyRequest): boolean {
  if (request.headers['x-forwarded-for'] !== undefined) return false;
  const peer = request.raw.socket.remoteAddress;
  if (peer === undefined) return false;
  // An IPv4 client of a dual-stack socket appears as ::ffff:a.b.c.d.
  const address = peer.startsWith('::ffff:') ? peer.slice('::ffff:'.length) : peer;
  return PRIVATE_NETWORKS.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}
