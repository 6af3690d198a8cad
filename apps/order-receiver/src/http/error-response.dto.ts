import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Shape of every error answer. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['items.0.quantity must not be greater than 1000'],
  })
  message!: string | string[];
  @ApiPropertyOptional({ example: '6f1c2a4e-8d0b-4c55-9a53-0c3c1f7b2d11' }) requestId?: string;
}
