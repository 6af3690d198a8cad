import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DYNAMO_DOCUMENT_CLIENT, SNS_CLIENT, SQS_CLIENT } from '@app/aws';
import { ordersTableKey } from '@app/aws-resources';
import { APP_CONFIG, CommonConfig } from '@app/config';

const CHECK_TIMEOUT_MS = 3000;
const PROBE_KEY = '__health_probe__';

type ProbeResult = HealthIndicatorResult;

/**
 * Reachability of each AWS dependency, with the cheapest call the app's IAM
 * role already allows, bounded to CHECK_TIMEOUT_MS so a hung dependency
 * cannot hang the health check. Each dependency is asked at most once per
 * READINESS_CACHE_MS, and requests meanwhile share that answer (or the probe
 * in flight): readiness is public, and SNS's GetTopicAttributes is an
 * account-wide throttled control-plane call that a flood must not reach.
 */
@Injectable()
export class AwsHealthIndicators {
  private readonly cache = new Map<string, { readonly at: number; readonly result: Promise<ProbeResult> }>();
  private readonly cacheMs: number;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(APP_CONFIG) config: Pick<CommonConfig, 'READINESS_CACHE_MS'>,
    @Inject(DYNAMO_DOCUMENT_CLIENT) private readonly dynamo: DynamoDBDocumentClient,
    @Inject(SNS_CLIENT) private readonly sns: SNSClient,
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
  ) {
    this.cacheMs = config.READINESS_CACHE_MS;
  }

  dynamodb(table: string) {
    return this.probe('dynamodb', () =>
      this.dynamo.send(
        new GetItemCommand({
          TableName: table,
          // The whole key: a GetItem naming part of it is refused as invalid, not answered.
          Key: marshall(ordersTableKey({ customerId: PROBE_KEY, orderId: PROBE_KEY })),
        }),
        { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) },
      ),
    );
  }

  snsTopic(topicArn: string) {
    return this.probe('sns', () =>
      this.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }), {
        abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      }),
    );
  }

  sqsQueue(queueUrl: string) {
    return this.probe('sqs', () =>
      this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }), {
        abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      }),
    );
  }

  private probe(key: string, call: () => Promise<unknown>): Promise<ProbeResult> {
    const cached = this.cache.get(key);
    if (cached && performance.now() - cached.at < this.cacheMs) return cached.result;
    const result = this.probeNow(key, call);
    this.cache.set(key, { at: performance.now(), result });
    return result;
  }

  private async probeNow(key: string, call: () => Promise<unknown>): Promise<ProbeResult> {
    const indicator = this.health.check(key);
    try {
      await call();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
