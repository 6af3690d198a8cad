import { Module } from '@nestjs/common';
import { StorageModule } from '@app/storage';
import { DeadLetterService } from './dead-letter.service';

/** The dead-letter queue tooling (`npm run dlq:*`). Relies on the global config and AWS clients. */
@Module({
  imports: [StorageModule],
  providers: [DeadLetterService],
  exports: [DeadLetterService],
})
export class DeadLetterModule {}
