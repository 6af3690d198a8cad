import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsString,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '@app/domain';
import { OrderItemDto } from './order-item.dto';
import { ShortText } from './text-patterns';

/** Body of POST /orders/sync and POST /orders/async. */
export class CreateOrderDto {
  @ApiPropertyOptional({
    example: 'order-2026-0001',
    pattern: ORDER_ID_PATTERN.source,
    minLength: 1,
    maxLength: 64,
    description: 'Client-chosen id, the idempotency key; a UUID is generated when absent.',
  })
  // Not @IsOptional(): that also lets `null` through, which the schema (a string) does not allow.
  @ValidateIf((dto: CreateOrderDto) => dto.orderId !== undefined)
  @IsString()
  @Matches(ORDER_ID_PATTERN, { message: ORDER_ID_RULE })
  orderId?: string;

  @ShortText('customerId', 'customer-7')
  customerId!: string;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 100 })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];
}
