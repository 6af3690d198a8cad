import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Shape of every error answer. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      'What is wrong. For a rejected body, one string per bad field, starting with its path ' +
      '(`items[1].price`), saying the first rule it breaks: presence, then type, then format and range. ' +
      'An unknown field spelt like a known one in another case style names the known one.',
    example: [
      'customer_id is not a known field: did you mean `customerId`?',
      'items[1].price must be a number',
    ],
  })
  message!: string | string[];
  @ApiPropertyOptional({ example: '6f1c2a4e-8d0b-4c55-9a53-0c3c1f7b2d11' }) requestId?: string;
  @ApiPropertyOptional({
    example: 'order-2026-0001',
    description:
      'The order the answer is about, once it has an id (also generated ones), as in the Order-Id header. ' +
      'Retry with this id: a retry with it never creates a second order.',
  })
  orderId?: string;
  @ApiPropertyOptional({
    enum: ['not-accepted', 'unknown'],
    example: 'unknown',
    description:
      'After a failed submission (503, 500): `not-accepted` when nothing was stored and nothing can have ' +
      'been published, so the order will not happen unless sent again; `unknown` when it may have been ' +
      'accepted and may still be fulfilled. Either way, retry with the same orderId and body.',
  })
  outcome?: 'not-accepted' | 'unknown';
}
