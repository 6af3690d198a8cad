import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { describeValidationErrors, isJsonObject, ORDER_VALIDATION_OPTIONS } from '@app/contract';

/**
 * Strips nothing silently: unknown fields are rejected, and each bad field gets one message
 * that starts with its path (describeValidationErrors).
 */
class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Validated as the DTO, an array's indexes would each be "not a known field".
    if (metadata.type === 'body' && !isJsonObject(value)) {
      throw new BadRequestException(['body must be a JSON object']);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new BodyValidationPipe({
    ...ORDER_VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(describeValidationErrors(errors)),
  });
}
