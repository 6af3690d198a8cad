import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CUSTOMER_ID_EXAMPLE, CUSTOMER_ID_SCHEMA } from '@app/contract';
import { ORDER_ID_PATTERN } from '@app/domain';
import { ApiErrors, ORDER_ID_RESPONSE_HEADER } from '../http/api-errors.decorator';
import { BEARER_AUTH } from '../http/openapi-document';
import { OrderDto } from './order.dto';

/** What every order route's controller declares: the tag, and the bearer token it requires. */
export function ApiOrderRoutes() {
  return applyDecorators(ApiTags('orders'), ApiBearerAuth(BEARER_AUTH));
}

/** The customerId path parameter of `/customers/{customerId}/orders/{orderId}`, by the body's rule. */
export function ApiCustomerIdParam() {
  return ApiParam({ name: 'customerId', example: CUSTOMER_ID_EXAMPLE, schema: { ...CUSTOMER_ID_SCHEMA } });
}

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
