import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreateOrderDto } from '@app/contract';
import { orderStatusPath } from '@app/domain';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/caller.decorator';
import { assertMaySubmit, orderPathFor } from '../auth/order-access';
import { StatusUrlSigner } from '../auth/status-url.signer';
import { ApiErrors, ORDER_ID_RESPONSE_HEADER } from '../http/api-errors.decorator';
import { ApiOrderRead, ApiOrderRoutes } from './order-routes.docs';
import { ORDER_ID_HEADER } from '../http/order-id.header';
import { OrderAcceptedDto } from './order-accepted.dto';
import { OrderDto, toOrderDto } from './order.dto';
import { OrderIdParam } from './order-id.param';
import { OrderIntakeService } from './order-intake.service';
import { findReadableOrder } from './readable-order';

/** What either POST route can answer besides its success. */
const ORDER_SUBMISSION_ERRORS = [
  HttpStatus.BAD_REQUEST,
  HttpStatus.UNAUTHORIZED,
  HttpStatus.FORBIDDEN,
  HttpStatus.CONFLICT,
  HttpStatus.PAYLOAD_TOO_LARGE,
  HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  HttpStatus.TOO_MANY_REQUESTS,
  HttpStatus.SERVICE_UNAVAILABLE,
];

@ApiOrderRoutes()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly intake: OrderIntakeService,
    private readonly statusUrls: StatusUrlSigner,
  ) {}

  @Post('sync')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Process an order inline',
    description:
      'Runs the fulfilment (PROCESSING_TIME_MS) in the request and answers with the stored order, COMPLETED or FAILED. ' +
      'Repeating an orderId returns the stored result without processing again.',
  })
  @ApiOkResponse({
    type: OrderDto,
    description: 'The order after processing (COMPLETED, or FAILED with failureReason)',
    headers: ORDER_ID_RESPONSE_HEADER,
  })
  @ApiErrors(...ORDER_SUBMISSION_ERRORS)
  async processSync(
    @Body() body: CreateOrderDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    assertMaySubmit(caller, body.customerId);
    const { record } = await this.intake.processSync(body);
    reply.header(ORDER_ID_HEADER, record.orderId);
    return toOrderDto(record);
  }

  @Post('async')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Accept an order for background processing',
    description:
      'Answers 202 only once SNS has acknowledged the order. Repeating an orderId answers 202 again without a second order.',
  })
  @ApiAcceptedResponse({
    type: OrderAcceptedDto,
    description: 'Published; poll statusUrl',
    headers: {
      Location: { description: 'URL of the order', schema: { type: 'string' } },
      ...ORDER_ID_RESPONSE_HEADER,
    },
  })
  @ApiErrors(...ORDER_SUBMISSION_ERRORS)
  async submitAsync(
    @Body() body: CreateOrderDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderAcceptedDto> {
    assertMaySubmit(caller, body.customerId);
    const accepted = await this.intake.submitAsync(body);
    const location = orderPathFor(caller, body.customerId, accepted.orderId);
    const statusUrl =
      this.statusUrls.sign(orderStatusPath({ customerId: body.customerId, orderId: accepted.orderId })) ??
      location;
    reply.header('Location', location).header(ORDER_ID_HEADER, accepted.orderId);
    return { orderId: accepted.orderId, status: accepted.status, statusUrl };
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'An order and its status' })
  @ApiOrderRead()
  async get(
    @Param() { orderId }: OrderIdParam,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    const record = await findReadableOrder(this.intake, caller, orderId);
    reply.header(ORDER_ID_HEADER, orderId);
    return toOrderDto(record);
  }
}
