import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiParam } from '@nestjs/swagger';
import { ORDER_ID_PATTERN } from '@app/domain';
import { ApiErrors, ORDER_ID_RESPONSE_HEADER } from '../http/api-errors.decorator';
import { OrderDto } from './order.dto';

/** The OpenAPI description both routes that read one order share: its orderId, the order, the errors. */
export function ApiOrderRead() {
  return applyDecorators(
    ApiParam({
      name: 'orderId',
      example: 'order-2026-0001',
      schema: { type: 'string', pattern: ORDER_ID_PATTERN.source },
    }),
    ApiOkResponse({ type: OrderDto, headers: ORDER_ID_RESPONSE_HEADER }),
    ApiErrors(
      HttpStatus.BAD_REQUEST,
      HttpStatus.UNAUTHORIZED,
      HttpStatus.FORBIDDEN,
      HttpStatus.NOT_FOUND,
      HttpStatus.TOO_MANY_REQUESTS,
      HttpStatus.SERVICE_UNAVAILABLE,
    ),
  );
}
