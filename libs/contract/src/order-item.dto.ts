import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min, ValidateBy } from 'class-validator';
import type { OrderItem } from '@app/domain';
import { ShortText } from './text-patterns';
import { InOrder, IsRequired } from './validation-rules';

/** A plain decimal with at most 2 decimals, as String(number) prints it (never exponent notation). */
const CENTS = /^-?\d+(\.\d{1,2})?$/;

export class OrderItemDto implements OrderItem {
  @ShortText('sku-42')
  productId!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000, type: 'integer' })
  @InOrder(IsRequired(), IsInt({ message: '$property must be an integer' }), Min(1), Max(1000))
  quantity!: number;

  @ApiProperty({
    example: 19.99,
    minimum: 0,
    maximum: 1000000,
    // Not `multipleOf: 0.01`: validators that divide in floating point (ajv, generated clients)
    // find 19.99 / 0.01 = 1998.9999999999998 and reject valid prices. The rule is the server's.
    description:
      'Unit price, in currency units with at most two decimal places (cents); checked by the server.',
  })
  @InOrder(
    IsRequired(),
    // ±Infinity (1e309 in JSON) is a number out of range: Min and Max reject it and name the limit.
    IsNumber({ allowNaN: false, allowInfinity: true }, { message: '$property must be a number' }),
    Min(0),
    Max(1000000),
    // At most 2 decimals keeps every price (and total) exact and far inside what DynamoDB stores:
    // it rejects numbers below 1E-130 ("Number underflow"), which `price: 1e-200` would be.
    ValidateBy(
      // class-validator's maxDecimalPlaces throws on exponent notation (1e-200): a 500, not a 400.
      { name: 'isCents', validator: { validate: (value: unknown) => CENTS.test(String(value)) } },
      { message: '$property must have at most 2 decimals (cents)' },
    ),
  )
  price!: number;
}
