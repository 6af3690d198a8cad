import { Module } from '@nestjs/common';
import { ProcessingModule } from '@app/processing';
import { OrderMessageHandler } from './order-message.handler';
import { SqsMessageActions } from './sqs-message.actions';

/** One SQS message → one processing run (ProcessingModule) → one action on SQS. */
@Module({
  imports: [ProcessingModule],
  providers: [SqsMessageActions, OrderMessageHandler],
  exports: [OrderMessageHandler],
})
export class OrderMessagesModule {}
