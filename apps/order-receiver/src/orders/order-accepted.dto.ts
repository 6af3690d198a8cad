import { ApiProperty } from '@nestjs/swagger';
import { OrderStatus } from '@app/domain';

/** Answer of POST /orders/async (202). */
export class OrderAcceptedDto {
  @ApiProperty({ example: 'order-2026-0001' }) orderId!: string;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', example: OrderStatus.PENDING })
  status!: OrderStatus;
  @ApiProperty({ example: '/customers/customer-7/orders/order-2026-0001' }) statusUrl!: string;
}
