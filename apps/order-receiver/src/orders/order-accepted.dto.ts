import { ApiProperty } from '@nestjs/swagger';
import { OrderStatus } from '@app/domain';

/** Answer of POST /orders/async (202). */
export class OrderAcceptedDto {
  @ApiProperty({ example: 'order-2026-0001' }) orderId!: string;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', example: OrderStatus.PENDING })
  status!: OrderStatus;
  @ApiProperty({
    example: '/orders/order-2026-0001',
    description:
      "Where the caller reads the order: `/orders/{orderId}` for a customer's token, " +
      '`/customers/{customerId}/orders/{orderId}` otherwise. When the API signs status URLs, the latter with ' +
      '`expires` and `signature`: readable without a token until it expires.',
  })
  statusUrl!: string;
}
