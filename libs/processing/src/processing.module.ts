import { Module } from '@nestjs/common';
import { StorageModule } from '@app/storage';
import { FULFILMENT_RANDOM, FulfilmentSimulator } from './fulfilment.simulator';
import { OrderProcessingService } from './order-processing.service';

/**
 * The fulfilment path both apps run: the sync endpoint in the request, the
 * processor per message. Relies on the global config and AWS clients.
 */
@Module({
  imports: [StorageModule],
  providers: [
    FulfilmentSimulator,
    { provide: FULFILMENT_RANDOM, useValue: Math.random },
    OrderProcessingService,
  ],
  exports: [OrderProcessingService],
})
export class ProcessingModule {}
