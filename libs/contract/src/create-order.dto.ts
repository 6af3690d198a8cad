import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '@app/domain';
import { OrderItemDto } from './order-item.dto';
import { SHORT_TEXT_SCHEMA, ShortText, ShortTextRules } from './text-patterns';
import { EachIsObject, InOrder, IsRequired } from './validation-rules';

/**
 * The customerId rule wherever a customerId arrives (an order's body, an order's path), and its
 * OpenAPI schema: a ShortText.
 */
export const CustomerIdRules = ShortTextRules;
export const CUSTOMER_ID_SCHEMA = SHORT_TEXT_SCHEMA;
export const CUSTOMER_ID_EXAMPLE = 'customer-7';

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
  @InOrder(IsString(), Matches(ORDER_ID_PATTERN, { message: ORDER_ID_RULE }))
  orderId?: string;

  @ShortText(CUSTOMER_ID_EXAMPLE)
  customerId!: string;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 100 })
  @InOrder(
    IsRequired(),
    IsArray(),
    ArrayMinSize(1),
    // Before the elements' own checks: 30 000 bad elements get one message, not 30 000.
    ArrayMaxSize(100),
    EachIsObject(),
    ValidateNested({ each: true }),
  )
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];
}
