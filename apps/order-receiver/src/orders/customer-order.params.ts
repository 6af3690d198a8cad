import { Length, Matches } from 'class-validator';
import { NO_CONTROL_CHARACTERS } from '@app/contract';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '@app/domain';

/** Path parameters of `/customers/{customerId}/orders/{orderId}`: the body's rules for each. */
export class CustomerOrderParams {
  @Length(1, 64)
  @Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' })
  customerId!: string;

  @Matches(ORDER_ID_PATTERN, { message: ORDER_ID_RULE })
  orderId!: string;
}
