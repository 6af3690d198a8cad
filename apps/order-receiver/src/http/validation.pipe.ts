import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { describeValidationErrors, ORDER_VALIDATION_OPTIONS } from '@app/contract';

/** Strips nothing silently: unknown fields are rejected, and each message names its field path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...ORDER_VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(describeValidationErrors(errors)),
  });
}
