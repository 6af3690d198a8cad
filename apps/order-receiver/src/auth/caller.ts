/**
 * Who is calling, as the authentication hook established it: what the routes decide access on.
 *
 * - `customer`: an access token of the customers' app client; its customerId is the token's `sub`.
 *   `admin` when the user is in the orders-admin group.
 * - `service`: an access token of a service app client (client credentials), acting for any
 *   customer within its `orders/*` scopes.
 * - `status-url`: a browser holding a signed status URL: it reads that one order and nothing else.
 * - `unrestricted`: authentication is off (AUTH_DISABLED=true).
 */
export type Caller = CustomerCaller | ServiceCaller | StatusUrlCaller | UnrestrictedCaller;

export interface CustomerCaller {
  readonly kind: 'customer';
  /** The token's `sub`: the customer's id. */
  readonly customerId: string;
  readonly admin: boolean;
}

export interface ServiceCaller {
  readonly kind: 'service';
  readonly clientId: string;
  readonly scopes: readonly string[];
}

export interface StatusUrlCaller {
  readonly kind: 'status-url';
  readonly customerId: string;
  readonly orderId: string;
}

export interface UnrestrictedCaller {
  readonly kind: 'unrestricted';
}

export const UNRESTRICTED_CALLER: UnrestrictedCaller = { kind: 'unrestricted' };

/** What the per-caller rate limit counts requests under; none for an unrestricted caller. */
export function rateLimitKeyOf(caller: Caller): string | undefined {
  switch (caller.kind) {
    case 'customer':
      return `customer:${caller.customerId}`;
    case 'service':
      return `service:${caller.clientId}`;
    case 'status-url':
      return `status-url:${caller.customerId}/${caller.orderId}`;
    case 'unrestricted':
      return undefined;
  }
}
