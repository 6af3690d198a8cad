import { Inject, Injectable, Type } from '@nestjs/common';
import { SqsMessageHandler } from '@ssut/nestjs-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import { OrderMessageProcessor } from '@app/orders';

/**
 * sqs-consumer deletes a message when the handler resolves to nothing (or to
 * the message); any other object leaves it alone. The processor settles every
 * message itself (OrderMessageProcessor.handle), so the shutdown drain covers
 * the delete as well.
 */
const SETTLED_BY_PROCESSOR = Object.freeze({ settledByProcessor: true });

/**
 * @ssut/nestjs-sqs binds each consumer to a method decorated with its name, so
 * N consumers need N decorated methods. This builds a provider class with one
 * method per consumer name, each delegating to the same processor.
 */
export function createOrderQueueHandlers(names: readonly string[]): Type<unknown> {
  @Injectable()
  class OrderQueueHandlers {
    constructor(@Inject(OrderMessageProcessor) readonly processor: OrderMessageProcessor) {}
  }
  for (const name of names) {
    const key = `handle_${name}`;
    const descriptor: PropertyDescriptor = {
      value: async function (this: OrderQueueHandlers, message: Message) {
        await this.processor.handle(message);
        return SETTLED_BY_PROCESSOR;
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(OrderQueueHandlers.prototype, key, descriptor);
    SqsMessageHandler(name, false)(OrderQueueHandlers.prototype, key, descriptor);
  }
  return OrderQueueHandlers;
}
