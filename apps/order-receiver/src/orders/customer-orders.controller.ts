import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NO_CONTROL_CHARACTERS } from '@app/contract';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/caller.decorator';
import { ORDER_ID_HEADER } from '../http/order-id.header';
import { CustomerOrderParams } from './customer-order.params';
import { OrderDto, toOrderDto } from './order.dto';
import { OrderIntakeService } from './order-intake.service';
import { ApiOrderRead } from './order-read.docs';
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
  @ApiOrderRead()
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
