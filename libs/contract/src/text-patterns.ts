import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { InOrder, IsRequired } from './validation-rules';

/**
 * Text without C0 or C1 control characters: a NUL, an escape sequence or a line break in a
 * customer or product id would travel on into logs, terminals and other systems.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001F\u007F-\u009F]*$/;

/** The OpenAPI schema of a ShortText field, for where it is documented apart from a DTO (a path parameter). */
export const SHORT_TEXT_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: NO_CONTROL_CHARACTERS.source,
} as const;

/** The validation of a ShortText field alone, for a class whose schema is documented apart (a path parameter). */
export function ShortTextRules() {
  return InOrder(
    IsRequired(),
    IsString(),
    Length(1, 64),
    Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' }),
  );
}

/**
 * A required id-like text field (customerId, productId): 1–64 characters, no control
 * characters; validation and OpenAPI schema from one place.
 */
export function ShortText(example: string) {
  const { minLength, maxLength, pattern } = SHORT_TEXT_SCHEMA;
  return applyDecorators(
    ApiProperty({
      example,
      minLength,
      maxLength,
      pattern,
      description: 'Any text without control characters.',
    }),
    ShortTextRules(),
  );
}
