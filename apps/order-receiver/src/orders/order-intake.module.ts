import { Module } from '@nestjs/common';
import { ProcessingModule } from '@app/processing';
import { StorageModule } from '@app/storage';
import { SnsOrderPublisher } from './order.publisher';
import { OrderIntakeService } from './order-intake.service';

/** The receiver's use cases (accept async, process sync, look up) on top of the shared processing. */
@Module({
  imports: [ProcessingModule, StorageModule],
  providers: [SnsOrderPublisher, OrderIntakeService],
  exports: [OrderIntakeService],
})
export class OrderIntakeModule {}
