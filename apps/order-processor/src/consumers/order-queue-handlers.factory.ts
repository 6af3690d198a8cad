import { Inject, Injectable, Logger, Type } from '@nestjs/common';
import { SqsMessageHandler, SqsService } from '@ssut/nestjs-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import { OrderMessageHandler } from '../messages/order-message.handler';
import { ConsumerSlots } from './consumer-slots';

/**
 * sqs-consumer deletes the messages a batch handler resolves to (all of them
 * when it resolves to nothing); an empty list leaves them alone. The handler
 * settles every message itself (OrderMessageHandler.handle, batched deletes),
 * so the shutdown drain covers the delete as well.
 */
const NONE_TO_DELETE: Message[] = [];

/**
 * @ssut/nestjs-sqs binds each consumer to a method decorated with its name, so
 * N consumers need N decorated methods. This builds a provider class with one
 * batch handler per consumer name. sqs-consumer polls again only once its
 * handler returns; the handler starts each message's order in a slot without
 * waiting for it, then returns as soon as the consumer's receive window holds
 * a slot again, with the window's size as the next receive's batch size. So a
 * slow order holds its own slot only, and a receive never brings more messages
 * than there are free slots.
 */
export function createOrderQueueHandlers(names: readonly string[]): Type<unknown> {
  @Injectable()
  class OrderQueueHandlers {
    readonly logger = new Logger('OrderQueueHandlers');

    constructor(
      @Inject(OrderMessageHandler) readonly handler: OrderMessageHandler,
      @Inject(ConsumerSlots) readonly slots: ConsumerSlots,
      @Inject(SqsService) readonly sqs: SqsService,
    ) {}

    async receive(name: string, messages: Message[]): Promise<Message[]> {
      const window = this.slots.window(name);
      const asked = window.size;
      window.admit(messages.length);
      this.logger.debug({
        msg: 'messages received',
        consumer: name,
        count: messages.length,
        asked,
        busy: this.slots.pool.busySlots,
      });
      for (const message of messages) this.start(message);
      const size = await window.refill();
      if (size > 0) this.sqs.consumers.get(name)?.instance.updateOption('batchSize', size);
      return NONE_TO_DELETE;
    }

    private start(message: Message): void {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        this.slots.pool.finish();
      };
      this.handler
        .handle(message, finish)
        .catch((error: Error) =>
          // The message stays in the queue and is retried after its visibility timeout.
          this.logger.error({
            msg: 'order message handling failed; message left for redelivery',
            messageId: message.MessageId,
            error: error.message,
          }),
        )
        .finally(finish);
    }
  }
  for (const name of names) {
    const key = `handle_${name}`;
    const descriptor: PropertyDescriptor = {
      value: function (this: OrderQueueHandlers, messages: Message[]) {
        return this.receive(name, messages);
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(OrderQueueHandlers.prototype, key, descriptor);
    SqsMessageHandler(name, true)(OrderQueueHandlers.prototype, key, descriptor);
  }
  return OrderQueueHandlers;
}
