/**
 * What every anchor server shares: the port it listens on (its one argument; 0 or none for a free
 * one) and the line that says which port that is, for a run by hand. The bench picks a free port
 * itself and waits for GET /health/live to answer.
 */
import type { AddressInfo } from 'node:net';

/** Anchors listen on loopback only: wrk, on the same machine, is their one client. */
export const ANCHOR_HOST = '127.0.0.1';

export function anchorPort(argv: readonly string[] = process.argv): number {
  const port = Number(argv[2] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`usage: node <anchor>.js [port], got "${argv[2]}"`);
  }
  return port;
}

export function announce(name: string, address: AddressInfo | string | null): void {
  const port = typeof address === 'object' && address ? address.port : address;
  process.stdout.write(`${name} anchor listening on http://${ANCHOR_HOST}:${port}/health/live\n`);
}
