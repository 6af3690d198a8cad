import { DynamicModule, Module } from '@nestjs/common';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsModule } from '@ssut/nestjs-sqs';
import { TerminusModule } from '@nestjs/terminus';
import { AwsCallRecorder, awsClientOptions } from '@app/aws';
import { ProcessorConfig } from '@app/config';
import { OrderMessagesModule } from '../messages/order-messages.module';
import { ConsumerSlots } from './consumer-slots';
import { createOrderQueueHandlers } from './order-queue-handlers.factory';
import { CONSUMERS_SQS_CLIENT, OrderConsumers, RECEIVE_BACKOFFS } from './order-consumers';
import { ReceiveBackoff } from './receive-backoff';

/**
 * The SQS consumers of the orders queue, built with
 * @ssut/nestjs-sqs: ceil(PROCESSOR_CONCURRENCY / 10) consumers, one long poll
 * each, feeding one pool of PROCESSOR_CONCURRENCY slots (ConsumerSlots).
 */
@Module({})
export class OrderConsumersModule {
  static forConfig(config: ProcessorConfig): DynamicModule {
    const slots = new ConsumerSlots(config.PROCESSOR_CONCURRENCY);
    const names = [...slots.windows.keys()];
    const backoffs = new Map(names.map((name) => [name, new ReceiveBackoff()]));
    // One client for all consumers: a socket per long poll, and a socket timeout
    // longer than the long-poll wait.
    const sqs = new SQSClient(
      awsClientOptions(config, 'sqs', {
        maxSockets: names.length * 2 + 16,
        requestTimeoutMs: (config.SQS_WAIT_TIME_SECONDS + 10) * 1000,
      }),
    );
    return {
      module: OrderConsumersModule,
      imports: [
        TerminusModule,
        OrderMessagesModule,
        SqsModule.register({
          consumers: names.map((name) => ({
            name,
            queueUrl: config.ORDERS_QUEUE_URL,
            sqs,
            batchSize: slots.window(name).size,
            waitTimeSeconds: config.SQS_WAIT_TIME_SECONDS,
            visibilityTimeout: config.VISIBILITY_TIMEOUT_SECONDS,
            // No heartbeatInterval: with a batch handler sqs-consumer's heartbeat lasts only while
            // the handler runs. SqsMessageActions keeps each message hidden while its order runs,
            // and deletes it itself (batched).
            shouldDeleteMessages: false,
            messageSystemAttributeNames: ['ApproximateReceiveCount'],
            messageAttributeNames: ['All'],
            preReceiveMessageCallback: () => backoffs.get(name)!.wait(),
          })),
        }),
      ],
      providers: [
        createOrderQueueHandlers(names),
        OrderConsumers,
        { provide: ConsumerSlots, useValue: slots },
        { provide: RECEIVE_BACKOFFS, useValue: backoffs },
        // Its calls are recorded like those of the shared clients; instrumented before any consumer starts.
        {
          provide: CONSUMERS_SQS_CLIENT,
          inject: [AwsCallRecorder],
          useFactory: (recorder: AwsCallRecorder) => recorder.instrument(sqs),
        },
      ],
      exports: [OrderConsumers],
    };
  }
}
