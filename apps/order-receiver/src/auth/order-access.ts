import { ForbiddenException } from '@nestjs/common';
import { ORDER_SCOPES } from '@app/aws-resources';
import { BearerChallengeException } from './bearer-challenge.exception';
import type { Caller } from './caller';
import { orderStatusPath } from '@app/domain';

/**
 * Who may do what with orders, in one place.
 *
 * - A customer submits only for itself (its token's `sub` is its customerId) and reads its own
 *   orders; an admin (orders-admin group) also reads any customer's under /customers/{customerId}.
 * - A service submits for any customer with `orders/write` and reads any order with `orders/read`.
 * - A signed status URL reads its one order. Authentication off: anyone does anything.
 *
 * An order the caller may not see is answered 404 like one that does not exist, so that its
 * existence never leaks; a 403 says only what the caller's own token or body lacks.
 */

/** Throws 403 unless `caller` may submit an order for `customerId`. */
export function assertMaySubmit(caller: Caller, customerId: string): void {
  switch (caller.kind) {
    case 'unrestricted':
      return;
    case 'service':
      return requireScope(caller.scopes, ORDER_SCOPES.write);
    case 'customer':
      if (customerId !== caller.customerId) {
        throw new ForbiddenException(
          "A customer's token submits orders only for that customer: the body's customerId must be the token's subject (sub)",
        );
      }
      return;
    case 'status-url':
      throw new ForbiddenException('A signed status URL reads one order; it cannot submit one');
  }
}

/** Throws 403 when `caller` may read no order at all (a service without `orders/read`), before any lookup. */
export function assertMayReadOrders(caller: Caller): void {
  if (caller.kind === 'service') requireScope(caller.scopes, ORDER_SCOPES.read);
}

/**
 * The customer whose orders a read by `caller` looks in: the path's (`/customers/{customerId}/...`),
 * else a customer's own; undefined for a service or an unrestricted caller at `/orders/{orderId}`,
 * who may read any.
 */
export function customerToReadFrom(caller: Caller, pathCustomerId: string | undefined): string | undefined {
  if (pathCustomerId !== undefined) return pathCustomerId;
  return caller.kind === 'customer' || caller.kind === 'status-url' ? caller.customerId : undefined;
}

/**
 * Whether `caller` may see `order`, found at `/customers/{pathCustomerId}/orders/{orderId}` or, with
 * no `pathCustomerId`, at `/orders/{orderId}`. False is a 404. The order must belong to the
 * customer the read looks in (customerToReadFrom): the path's, or a customer caller's own.
 */
export function mayRead(
  caller: Caller,
  order: { readonly customerId: string; readonly orderId: string },
  pathCustomerId: string | undefined,
): boolean {
  const customerId = customerToReadFrom(caller, pathCustomerId);
  if (customerId !== undefined && order.customerId !== customerId) return false;
  switch (caller.kind) {
    case 'unrestricted':
      return true;
    case 'service':
      return caller.scopes.includes(ORDER_SCOPES.read);
    case 'customer':
      return order.customerId === caller.customerId || (caller.admin && pathCustomerId !== undefined);
    case 'status-url':
      return order.customerId === caller.customerId && order.orderId === caller.orderId;
  }
}

/**
 * Where `caller` reads an order it submitted for `customerId`: a customer at `/orders/{orderId}`,
 * anyone else under the customer (a service's token has no customer of its own).
 */
export function orderPathFor(caller: Caller, customerId: string, orderId: string): string {
  return caller.kind === 'customer'
    ? `/orders/${encodeURIComponent(orderId)}`
    : orderStatusPath({ customerId, orderId });
}

function requireScope(scopes: readonly string[], scope: string): void {
  if (!scopes.includes(scope)) throw BearerChallengeException.insufficientScope(scope);
}
