import { Module } from '@nestjs/common';
import { OrdersCoreModule } from './orders.module';
import { SqsMessageActions } from './messaging/sqs-message.actions';
import { OrderMessageProcessor } from './processing/order-message.processor';

/** The processor's use case on top of the core: one SQS message → one processing run. */
@Module({
  imports: [OrdersCoreModule],
  providers: [SqsMessageActions, OrderMessageProcessor],
  exports: [OrderMessageProcessor, OrdersCoreModule],
})
export class OrderProcessorModule {}
