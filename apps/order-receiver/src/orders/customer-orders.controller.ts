import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/caller.decorator';
import { ORDER_ID_HEADER } from '../http/order-id.header';
import { OrderKeyParam } from './order-key.param';
import { OrderDto, toOrderDto } from './order.dto';
import { OrderIntakeService } from './order-intake.service';
import { ApiCustomerIdParam, ApiOrderRead, ApiOrderRoutes } from './order-routes.docs';
import { findReadableOrder } from './readable-order';

/** A customer's orders as a service, an admin or the customer itself reads them. */
@ApiOrderRoutes()
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
  @ApiOrderRead()
  // Below ApiOrderRead's orderId: the document lists the decorators' parameters bottom-up, in path order.
  @ApiCustomerIdParam()
  async get(
    @Param() { customerId, orderId }: OrderKeyParam,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    const record = await findReadableOrder(this.intake, caller, orderId, customerId);
    reply.header(ORDER_ID_HEADER, orderId);
    return toOrderDto(record);
  }
}
