import { OrderNotFoundError } from '@app/domain';
import type { OrderRecord } from '@app/storage';
import type { Caller } from '../auth/caller';
import { assertMayReadOrders, mayRead } from '../auth/order-access';
import type { OrderIntakeService } from './order-intake.service';

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
  const record = await intake.find(orderId);
  if (!record || !mayRead(caller, record, pathCustomerId)) throw new OrderNotFoundError(orderId);
  return record;
}
