/**
 * The DNS name of the failover record, which the load balancer's and the standby's
 * certificates cover.
 *
 * It accepts the record the way people write it (`orders`, `orders.example.com`,
 * `orders.example.com.`, `@` or nothing for the zone apex) and never produces a
 * doubled name such as `orders.example.com.example.com` or
 * `orders.orders.example.com`.
 */
export interface FailoverDomain {
  /** Hosted zone name without the trailing dot, e.g. `example.com`. */
  readonly zoneName: string;
  /** Fully qualified record name without the trailing dot, e.g. `orders.example.com`. */
  readonly recordName: string;
  /** True when the record is the zone apex. */
  readonly isApex: boolean;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function assertDnsName(kind: string, name: string): void {
  const labels = name.split('.');
  if (name.length === 0 || name.length > 253 || !labels.every((label) => LABEL.test(label))) {
    throw new Error(`Invalid ${kind} "${name}": expected a DNS name such as orders.example.com`);
  }
}

/** ACM takes at most 64 characters for a certificate's first name, which the record is. */
function assertCertificateName(name: string): void {
  if (name.length > 64) {
    throw new Error(
      `Record name "${name}" is longer than the 64 characters an ACM certificate's name may have`,
    );
  }
}

/**
 * Resolves `recordName` inside `hostedZone`.
 *
 * - empty, `@` or the zone itself → the zone apex;
 * - a name ending in the zone (with or without a trailing dot) → used as is;
 * - a name ending in a dot but outside the zone → error;
 * - a relative name equal to the zone's first label (`orders` in `orders.example.com`)
 *   → the apex, instead of `orders.orders.example.com`;
 * - any other relative name → `<name>.<zone>`.
 */
export function failoverDomain(hostedZone: string, recordName?: string): FailoverDomain {
  const zoneName = normalise(hostedZone);
  assertDnsName('hosted zone', zoneName);
  const raw = (recordName ?? '').trim().toLowerCase();
  const absolute = raw.endsWith('.');
  const record = normalise(raw);

  let fqdn: string;
  if (record === '' || record === '@' || record === zoneName) {
    fqdn = zoneName;
  } else if (record.endsWith(`.${zoneName}`)) {
    fqdn = record;
  } else if (absolute) {
    throw new Error(`Record name "${raw}" is not inside hosted zone "${zoneName}"`);
  } else if (record === zoneName.split('.')[0]) {
    fqdn = zoneName;
  } else {
    fqdn = `${record}.${zoneName}`;
  }
  assertDnsName('record name', fqdn);
  assertCertificateName(fqdn);
  return { zoneName, recordName: fqdn, isApex: fqdn === zoneName };
}
