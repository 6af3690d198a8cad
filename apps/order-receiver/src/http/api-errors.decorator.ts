import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from './error-response.dto';

const DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]:
    'Malformed JSON, or a missing, wrong-typed, out-of-range or unknown field: one message per bad field, starting with its path',
  [HttpStatus.NOT_FOUND]: 'No such order',
  [HttpStatus.CONFLICT]:
    'The orderId exists with a different body, or is still being processed by another request',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Body larger than BODY_LIMIT_BYTES (64 KB by default)',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Content-Type is not application/json',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Rate limit for this client IP exceeded; see the Retry-After header',
  [HttpStatus.SERVICE_UNAVAILABLE]:
    'DynamoDB or SNS unreachable; nothing was accepted, retry after Retry-After seconds',
};

/** A message per status, so that each documented error shows its own example, not the 400's. */
const EXAMPLE_MESSAGES: Partial<Record<HttpStatus, string | string[]>> = {
  [HttpStatus.BAD_REQUEST]: [
    'customer_id is not a known field: did you mean `customerId`?',
    'customerId is required',
    'items[1].price must be a number',
  ],
  [HttpStatus.NOT_FOUND]: 'Order order-2026-0001 not found',
  [HttpStatus.CONFLICT]: 'Order order-2026-0001 already exists with a different body; use a new orderId',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Request body is larger than the allowed limit',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Content-Type must be application/json (got text/plain)',
  [HttpStatus.TOO_MANY_REQUESTS]: 'ThrottlerException: Too Many Requests',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SNS is unavailable; the order was not accepted, retry later',
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
};

/** Documents the error answers a route can give, all with the ErrorResponseDto shape. */
export function ApiErrors(...statuses: HttpStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        type: ErrorResponseDto,
        example: {
          statusCode: status,
          error: STATUS_CODES[status],
          message: EXAMPLE_MESSAGES[status] ?? STATUS_CODES[status],
          requestId: '6f1c2a4e-8d0b-4c55-9a53-0c3c1f7b2d11',
        },
        ...(status === HttpStatus.TOO_MANY_REQUESTS || status === HttpStatus.SERVICE_UNAVAILABLE
          ? { headers: RETRY_AFTER }
          : {}),
      }),
    ),
  );
}
