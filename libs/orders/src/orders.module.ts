import { Module } from '@nestjs/common';
import { FULFILMENT_RANDOM, FulfilmentSimulator } from './fulfilment/fulfilment.simulator';
import { DynamoOrderRepository } from './storage/order.repository';
import { OrderProcessingService } from './processing/order-processing.service';

/** Storage, fulfilment and processing: what both apps need. Relies on global config and AWS clients. */
@Module({
  providers: [
    DynamoOrderRepository,
    FulfilmentSimulator,
    { provide: FULFILMENT_RANDOM, useValue: Math.random },
    OrderProcessingService,
  ],
  exports: [DynamoOrderRepository, FulfilmentSimulator, OrderProcessingService],
})
export class OrdersCoreModule {}
