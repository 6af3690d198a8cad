import { Module } from '@nestjs/common';
import { OrdersCoreModule } from './orders.module';
import { SnsOrderPublisher } from './messaging/order.publisher';
import { OrderIntakeService } from './intake/order-intake.service';

/** The receiver's use cases on top of the core. */
@Module({
  imports: [OrdersCoreModule],
  providers: [SnsOrderPublisher, OrderIntakeService],
  exports: [OrderIntakeService],
})
export class OrderIntakeModule {}
