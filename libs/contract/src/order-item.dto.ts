import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, IsNumber, Max, Min, ValidateBy } from 'class-validator';
import type { OrderItem } from '@app/domain';
import { ShortText } from './text-patterns';

/** A plain decimal with at most 2 decimals, as String(number) prints it (never exponent notation). */
const CENTS = /^-?\d+(\.\d{1,2})?$/;

export class OrderItemDto implements OrderItem {
  @ShortText('productId', 'sku-42')
  productId!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000, type: 'integer' })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;

  @ApiProperty({
    example: 19.99,
    minimum: 0,
    maximum: 1000000,
    multipleOf: 0.01,
    description: 'Unit price, in currency units with at most 2 decimals (cents).',
  })
  @IsDefined()
  // At most 2 decimals keeps every price (and total) exact and far inside what DynamoDB stores:
  // it rejects numbers below 1E-130 ("Number underflow"), which `price: 1e-200` would be.
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @ValidateBy(
    // class-validator's maxDecimalPlaces throws on exponent notation (1e-200): a 500, not a 400.
    { name: 'isCents', validator: { validate: (value: unknown) => CENTS.test(String(value)) } },
    { message: 'price must have at most 2 decimals (cents)' },
  )
  @Min(0)
  @Max(1000000)
  price!: number;
}
