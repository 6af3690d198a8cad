import { Matches } from 'class-validator';
import { CustomerIdRules } from '@app/contract';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '@app/domain';

/** The path of one order, `/customers/:customerId/orders/:orderId`: each id by the rule it keeps in an order's body. */
export class OrderKeyParam {
  @CustomerIdRules()
  customerId!: string;

  @Matches(ORDER_ID_PATTERN, { message: ORDER_ID_RULE })
  orderId!: string;
}
