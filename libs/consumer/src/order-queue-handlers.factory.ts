import { Inject, Injectable, Type } from '@nestjs/common';
import { SqsMessageHandler } from '@ssut/nestjs-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import { OrderMessageProcessor } from '@app/orders';

/**
 * sqs-consumer deletes a message when the handler resolves to nothing (or to
 * the message); any other object leaves it in the queue.
 */
const LEAVE_IN_QUEUE = Object.freeze({ leftInQueue: true });

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
        const disposition = await this.processor.handle(message);
        return disposition === 'ack' ? undefined : LEAVE_IN_QUEUE;
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(OrderQueueHandlers.prototype, key, descriptor);
    SqsMessageHandler(name, false)(OrderQueueHandlers.prototype, key, descriptor);
  }
  return OrderQueueHandlers;
}
