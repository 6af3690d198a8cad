import { Module } from '@nestjs/common';
import { DynamoOrderRepository } from '../storage/order.repository';
import { DeadLetterService } from './dead-letter.service';

/** The dead-letter queue tooling (scripts/dlq.ts). Relies on global config and AWS clients. */
@Module({
  providers: [DynamoOrderRepository, DeadLetterService],
  exports: [DeadLetterService],
})
export class DeadLetterModule {}
