import { Controller, Get, HttpStatus, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NO_CONTROL_CHARACTERS } from '@app/contract';
import { ORDER_ID_PATTERN } from '@app/domain';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/caller.decorator';
import { ApiErrors, ORDER_ID_RESPONSE_HEADER } from '../http/api-errors.decorator';
import { ORDER_ID_HEADER } from '../http/order-id.header';
import { CustomerOrderParams } from './customer-order.params';
import { OrderDto, toOrderDto } from './order.dto';
import { OrderIntakeService } from './order-intake.service';
import { findReadableOrder } from './readable-order';

/** A customer's orders as a service, an admin or the customer itself reads them. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('customers')
export class CustomerOrdersController {
  constructor(private readonly intake: OrderIntakeService) {}

  @Get(':customerId/orders/:orderId')
  @ApiOperation({
    summary: "A customer's order and its status",
    description:
      'For a service token with orders/read, an admin, the customer itself, or a signed status URL ' +
      "(the `expires` and `signature` of a 202's statusUrl, without a token). Another customer's order " +
      'answers 404, as one that does not exist.',
  })
  @ApiParam({
    name: 'customerId',
    example: 'customer-7',
    schema: { type: 'string', minLength: 1, maxLength: 64, pattern: NO_CONTROL_CHARACTERS.source },
  })
  @ApiParam({
    name: 'orderId',
    example: 'order-2026-0001',
    schema: { type: 'string', pattern: ORDER_ID_PATTERN.source },
  })
  @ApiOkResponse({ type: OrderDto, headers: ORDER_ID_RESPONSE_HEADER })
  @ApiErrors(
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.FORBIDDEN,
    HttpStatus.NOT_FOUND,
    HttpStatus.TOO_MANY_REQUESTS,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  async get(
    @Param() { customerId, orderId }: CustomerOrderParams,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    const record = await findReadableOrder(this.intake, caller, orderId, customerId);
    reply.header(ORDER_ID_HEADER, orderId);
    return toOrderDto(record);
  }
}
