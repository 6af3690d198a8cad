import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, IsNumber, IsString, Length, Matches, Max, Min } from 'class-validator';
import { NO_CONTROL_CHARACTERS } from './text-patterns';

export class OrderItemDto {
  @ApiProperty({
    example: 'sku-42',
    minLength: 1,
    maxLength: 64,
    pattern: NO_CONTROL_CHARACTERS.source,
    description: 'Any text without control characters.',
  })
  @IsDefined()
  @IsString()
  @Length(1, 64)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'productId must not contain control characters' })
  productId!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000, type: 'integer' })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;

  @ApiProperty({ example: 19.99, minimum: 0, maximum: 1000000, description: 'Unit price' })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000000)
  price!: number;
}
