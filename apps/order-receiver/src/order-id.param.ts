import { Matches } from 'class-validator';
import { ORDER_ID_PATTERN } from '@app/orders';

export class OrderIdParam {
  @Matches(ORDER_ID_PATTERN, { message: 'orderId must be 1-64 characters of A-Z, a-z, 0-9, _ or -' })
  orderId!: string;
}
