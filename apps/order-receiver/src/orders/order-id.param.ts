import { Matches } from 'class-validator';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '@app/domain';

export class OrderIdParam {
  @Matches(ORDER_ID_PATTERN, { message: ORDER_ID_RULE })
  orderId!: string;
}
