import { Module } from '@nestjs/common';
import { ProcessingModule } from '@app/processing';
import { OrderMessageHandler } from './order-message.handler';
import { SqsMessageActions } from './sqs-message.actions';

/** The processor's use case on top of the core: one SQS message → one processing run. */
@Module({
  imports: [ProcessingModule],
  providers: [SqsMessageActions, OrderMessageHandler],
  exports: [OrderMessageHandler],
})
export class OrderMessagesModule {}
