import { DynamicModule, Module } from '@nestjs/common';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsModule } from '@ssut/nestjs-sqs';
import { TerminusModule } from '@nestjs/terminus';
import { AwsCallRecorder, awsClientOptions } from '@app/aws';
import { ProcessorConfig } from '@app/config';
import { OrderProcessorModule } from '@app/orders';
import { consumerBatchSizes, consumerName } from './consumer-plan';
import { createOrderQueueHandlers } from './order-queue-handlers.factory';
import { CONSUMERS_SQS_CLIENT, OrderConsumers, RECEIVE_BACKOFFS } from './order-consumers';
import { ReceiveBackoff } from './receive-backoff';

/**
 * @app/consumer: the SQS consumers of the orders queue, built with
 * @ssut/nestjs-sqs so that PROCESSOR_CONCURRENCY orders really run at once.
 */
@Module({})
export class OrderConsumersModule {
  static forConfig(config: ProcessorConfig): DynamicModule {
    const batches = consumerBatchSizes(config.PROCESSOR_CONCURRENCY, config.PROCESSOR_BATCH_SIZE);
    const names = batches.map((_, i) => consumerName(i));
    const backoffs = new Map(names.map((name) => [name, new ReceiveBackoff()]));
    // One client for all consumers: a socket per long poll, and a socket timeout
    // longer than the long-poll wait.
    const sqs = new SQSClient(
      awsClientOptions(config, 'sqs', {
        maxSockets: names.length * 2 + 16,
        requestTimeoutMs: (config.SQS_WAIT_TIME_SECONDS + 10) * 1000,
      }),
    );
    const heartbeatSeconds = Math.max(1, Math.floor(config.VISIBILITY_TIMEOUT_SECONDS / 3));
    return {
      module: OrderConsumersModule,
      imports: [
        TerminusModule,
        OrderProcessorModule,
        SqsModule.register({
          consumers: names.map((name, i) => ({
            name,
            queueUrl: config.ORDERS_QUEUE_URL,
            sqs,
            batchSize: batches[i],
            waitTimeSeconds: config.SQS_WAIT_TIME_SECONDS,
            visibilityTimeout: config.VISIBILITY_TIMEOUT_SECONDS,
            heartbeatInterval: heartbeatSeconds,
            messageSystemAttributeNames: ['ApproximateReceiveCount'],
            messageAttributeNames: ['All'],
            preReceiveMessageCallback: () => backoffs.get(name)!.wait(),
          })),
        }),
      ],
      providers: [
        createOrderQueueHandlers(names),
        OrderConsumers,
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
