import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderItemDto } from '@app/contract';
import { OrderStatus } from '@app/domain';
import type { OrderRecord } from '@app/storage';

/** An order as GET /customers/{customerId}/orders/{orderId} and POST /orders/sync return it. */
export class OrderDto {
  @ApiProperty({ example: 'order-2026-0001' }) orderId!: string;
  @ApiProperty({ example: 'customer-7' }) customerId!: string;
  @ApiProperty({ type: [OrderItemDto] }) items!: OrderItemDto[];
  @ApiProperty({ example: 39.98, description: 'Sum of quantity × price, rounded to cents' })
  totalAmount!: number;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', example: OrderStatus.COMPLETED })
  status!: OrderStatus;
  @ApiProperty({ enum: ['sync', 'async'], example: 'async', description: 'Endpoint that created the order' })
  channel!: 'sync' | 'async';
  @ApiProperty({ example: 1, description: 'Processing attempts started so far' }) attempts!: number;
  @ApiPropertyOptional({ example: 'payment declined (simulated failure)' }) failureReason?: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z', format: 'date-time' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-22T10:00:03.010Z', format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When SNS acknowledged the order (async only)' })
  acceptedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) processingStartedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) failedAt?: string;
}

/** The stored record as the API shows it: without the lease, fingerprint and retry bookkeeping. */
export function toOrderDto(record: OrderRecord): OrderDto {
  return {
    orderId: record.orderId,
    customerId: record.customerId,
    items: record.items.map(({ productId, quantity, price }) => ({ productId, quantity, price })),
    totalAmount: record.totalAmount,
    status: record.status,
    channel: record.channel,
    attempts: record.attempts,
    failureReason: record.failureReason,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    acceptedAt: record.acceptedAt,
    processingStartedAt: record.processingStartedAt,
    completedAt: record.completedAt,
    failedAt: record.failedAt,
  };
}
