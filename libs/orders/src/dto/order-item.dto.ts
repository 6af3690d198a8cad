import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, IsNumber, Max, Min } from 'class-validator';
import { ShortText } from './text-patterns';

export class OrderItemDto {
  @ShortText('productId', 'sku-42')
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
