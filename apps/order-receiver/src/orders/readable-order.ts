import { OrderNotFoundError } from '@app/domain';
import type { OrderRecord } from '@app/storage';
import type { Caller } from '../auth/caller';
import { assertMayReadOrders, customerToReadFrom, mayRead } from '../auth/order-access';
import type { OrderIntakeService } from './order-intake.service';

const ORDER_PATH_FOR_SERVICES =
  "this path reads the caller's own orders; a token without a customer of its own reads them at " +
  '/customers/{customerId}/orders/{orderId}';

/**
 * The order `orderId` as `caller` may read it, at `/customers/{pathCustomerId}/orders/{orderId}`
 * or (no `pathCustomerId`) at `/orders/{orderId}`: 403 for a service without `orders/read`, and
 * OrderNotFoundError (404) both when there is no such order and when it is not the caller's.
 */
export async function findReadableOrder(
  intake: OrderIntakeService,
  caller: Caller,
  orderId: string,
  pathCustomerId?: string,
): Promise<OrderRecord> {
  assertMayReadOrders(caller);
  const customerId = customerToReadFrom(caller, pathCustomerId);
  // A service or an unrestricted caller at /orders/{orderId} names no customer: there is nothing to look in.
  if (customerId === undefined) throw new OrderNotFoundError(orderId, ORDER_PATH_FOR_SERVICES);
  const record = await intake.find(customerId, orderId);
  if (!record || !mayRead(caller, record, pathCustomerId)) throw new OrderNotFoundError(orderId);
  return record;
}
