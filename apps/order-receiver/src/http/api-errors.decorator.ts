import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from './error-response.dto';

const DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]:
    'Malformed JSON, or a missing, wrong-typed, out-of-range or unknown field: one message per bad field, starting with its path',
  [HttpStatus.UNAUTHORIZED]:
    'No bearer access token, or one that is not accepted (expired, another issuer or client, not an access token, a bad ' +
    'signature), or an altered or expired signed status URL. See the WWW-Authenticate header',
  [HttpStatus.FORBIDDEN]:
    "A customer's token submitting for another customerId, or a service token without the scope the route needs",
  [HttpStatus.NOT_FOUND]: "No such order (another customer's order included)",
  [HttpStatus.CONFLICT]:
    'The orderId exists with a different body, or is still being processed by another request',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Body larger than BODY_LIMIT_BYTES (64 KB by default)',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Content-Type is not application/json',
  [HttpStatus.TOO_MANY_REQUESTS]:
    'Rate limit for this client IP (THROTTLE_LIMIT) or this caller (CALLER_THROTTLE_LIMIT) exceeded; see the Retry-After header',
  [HttpStatus.SERVICE_UNAVAILABLE]:
    'DynamoDB or SNS unreachable or too slow. For a submitted order the body carries its `orderId` (also the ' +
    'Order-Id header, for a generated id too) and `outcome`: `not-accepted` when nothing was stored and ' +
    'nothing can have been published, `unknown` when the order may have been accepted and may be fulfilled. ' +
    'Either way retry after Retry-After seconds with the same orderId and body: that never creates a second order.',
};

/** A message per status, so that each documented error shows its own example, not the 400's. */
const EXAMPLE_MESSAGES: Partial<Record<HttpStatus, string | string[]>> = {
  [HttpStatus.BAD_REQUEST]: [
    'customer_id is not a known field: did you mean `customerId`?',
    'customerId is required',
    'items[1].price must be a number',
  ],
  [HttpStatus.UNAUTHORIZED]: 'Invalid access token: it has expired (exp)',
  [HttpStatus.FORBIDDEN]: 'The access token lacks the scope orders/write that this request needs',
  [HttpStatus.NOT_FOUND]: 'Order order-2026-0001 not found',
  [HttpStatus.CONFLICT]: 'Order order-2026-0001 already exists with a different body; use a new orderId',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Request body is larger than the allowed limit',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Content-Type must be application/json (got text/plain)',
  [HttpStatus.TOO_MANY_REQUESTS]:
    'Too many requests from this client IP: the limit is 100 per 1000 ms (THROTTLE_LIMIT); retry after Retry-After seconds',
  [HttpStatus.SERVICE_UNAVAILABLE]:
    'DynamoDB is unavailable; order order-2026-0001 may have been accepted and may still be fulfilled. ' +
    'Retry after Retry-After seconds with orderId order-2026-0001 and the same body: a retry with it never ' +
    'creates a second order, a retry without it may',
};

/** What an error answer of these statuses adds about the order it concerns. */
const EXAMPLE_FACTS: Partial<Record<HttpStatus, object>> = {
  [HttpStatus.NOT_FOUND]: { orderId: 'order-2026-0001' },
  [HttpStatus.CONFLICT]: { orderId: 'order-2026-0001' },
  [HttpStatus.SERVICE_UNAVAILABLE]: { orderId: 'order-2026-0001', outcome: 'unknown' },
};

/** The Order-Id response header, on every answer about an order. */
export const ORDER_ID_RESPONSE_HEADER = {
  'Order-Id': {
    description: 'The id of the order the answer is about (also a generated one): the id a retry must carry',
    schema: { type: 'string' },
  },
};

/** RFC 6750 §3: the bearer challenge of a 401 or 403. */
const WWW_AUTHENTICATE = {
  'WWW-Authenticate': {
    description:
      'The bearer challenge (RFC 6750): `Bearer realm="orders"`, with `error="invalid_token"` and why when a ' +
      'token was refused, or `error="insufficient_scope"` and the scope a 403 lacked',
    schema: { type: 'string', example: 'Bearer realm="orders", error="invalid_token"' },
  },
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
          ...EXAMPLE_FACTS[status],
        },
        ...headersOf(status),
      }),
    ),
  );
}

/** The headers an error answer of this status carries beside X-Request-Id, if any. */
function headersOf(status: HttpStatus) {
  const headers = {
    ...(status === HttpStatus.TOO_MANY_REQUESTS || status === HttpStatus.SERVICE_UNAVAILABLE
      ? RETRY_AFTER
      : {}),
    ...(status === HttpStatus.UNAUTHORIZED || status === HttpStatus.FORBIDDEN ? WWW_AUTHENTICATE : {}),
    ...(status in EXAMPLE_FACTS ? ORDER_ID_RESPONSE_HEADER : {}),
  };
  return Object.keys(headers).length > 0 ? { headers } : {};
}
