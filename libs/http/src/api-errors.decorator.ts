import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/orders';

const DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]:
    'Malformed JSON, or a missing, wrong-typed, out-of-range or unknown field (named in message)',
  [HttpStatus.NOT_FOUND]: 'No such order',
  [HttpStatus.CONFLICT]:
    'The orderId exists with a different body, or is still being processed by another request',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Body larger than BODY_LIMIT_BYTES (64 KB by default)',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Content-Type is not application/json',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Rate limit for this client IP exceeded; see the Retry-After header',
  [HttpStatus.SERVICE_UNAVAILABLE]:
    'DynamoDB or SNS unreachable; nothing was accepted, retry after Retry-After seconds',
};

/** Documents the error answers a route can give, all with the ErrorResponseDto shape. */
export function ApiErrors(...statuses: HttpStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponseDto }),
    ),
  );
}
