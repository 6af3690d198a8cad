import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreateOrderDto, CUSTOMER_ID_EXAMPLE, CUSTOMER_ID_SCHEMA } from '@app/contract';
import { ORDER_ID_PATTERN, OrderNotFoundError, orderStatusPath } from '@app/domain';
import { ApiErrors, ORDER_ID_RESPONSE_HEADER } from '../http/api-errors.decorator';
import { BEARER_AUTH } from '../http/openapi-document';
import { ORDER_ID_HEADER } from '../http/order-id.header';
import { OrderAcceptedDto } from './order-accepted.dto';
import { OrderDto, toOrderDto } from './order.dto';
import { OrderKeyParam } from './order-key.param';
import { OrderIntakeService } from './order-intake.service';

/** What either POST route can answer besides its success. */
const ORDER_SUBMISSION_ERRORS = [
  HttpStatus.BAD_REQUEST,
  HttpStatus.CONFLICT,
  HttpStatus.PAYLOAD_TOO_LARGE,
  HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  HttpStatus.TOO_MANY_REQUESTS,
  HttpStatus.SERVICE_UNAVAILABLE,
];

@ApiBearerAuth(BEARER_AUTH)
@ApiErrors(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN)
@ApiTags('orders')
@Controller()
export class OrdersController {
  constructor(private readonly intake: OrderIntakeService) {}

  @Post('orders/sync')
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
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    const { record } = await this.intake.processSync(body);
    reply.header(ORDER_ID_HEADER, record.orderId);
    return toOrderDto(record);
  }

  @Post('orders/async')
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
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderAcceptedDto> {
    const accepted = await this.intake.submitAsync(body);
    const statusUrl = orderStatusPath({ customerId: body.customerId, orderId: accepted.orderId });
    reply.header('Location', statusUrl).header(ORDER_ID_HEADER, accepted.orderId);
    return { orderId: accepted.orderId, status: accepted.status, statusUrl };
  }

  @Get('customers/:customerId/orders/:orderId')
  @ApiOperation({ summary: 'An order and its status' })
  @ApiParam({
    name: 'orderId',
    example: 'order-2026-0001',
    schema: { type: 'string', pattern: ORDER_ID_PATTERN.source },
  })
  // Below orderId's: the document lists the decorators' parameters bottom-up, in path order.
  @ApiParam({ name: 'customerId', example: CUSTOMER_ID_EXAMPLE, schema: { ...CUSTOMER_ID_SCHEMA } })
  @ApiOkResponse({ type: OrderDto, headers: ORDER_ID_RESPONSE_HEADER })
  @ApiErrors(
    HttpStatus.BAD_REQUEST,
    HttpStatus.NOT_FOUND,
    HttpStatus.TOO_MANY_REQUESTS,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  async get(
    @Param() { customerId, orderId }: OrderKeyParam,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    const record = await this.intake.find(customerId, orderId);
    if (!record) throw new OrderNotFoundError(orderId);
    reply.header(ORDER_ID_HEADER, orderId);
    return toOrderDto(record);
  }
}
