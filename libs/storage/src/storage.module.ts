import { Module } from '@nestjs/common';
import { DynamoOrderRepository } from './order.repository';

/** The orders table's repository. Relies on the global config and AWS clients. */
@Module({
  providers: [DynamoOrderRepository],
  exports: [DynamoOrderRepository],
})
export class StorageModule {}
