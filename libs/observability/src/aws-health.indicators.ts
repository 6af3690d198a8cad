import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DYNAMO_DOCUMENT_CLIENT, SNS_CLIENT, SQS_CLIENT } from '@app/aws';
import { ORDERS_TABLE_SCHEMA } from '@app/aws-resources';

const CHECK_TIMEOUT_MS = 3000;
const PROBE_KEY = '__health_probe__';

/**
 * Reachability of each AWS dependency, with the cheapest call the app's IAM
 * role already allows, bounded to CHECK_TIMEOUT_MS so a hung dependency
 * cannot hang the health check.
 */
@Injectable()
export class AwsHealthIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(DYNAMO_DOCUMENT_CLIENT) private readonly dynamo: DynamoDBDocumentClient,
    @Inject(SNS_CLIENT) private readonly sns: SNSClient,
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
  ) {}

  dynamodb(table: string) {
    return this.probe('dynamodb', () =>
      this.dynamo.send(
        new GetItemCommand({
          TableName: table,
          Key: { [ORDERS_TABLE_SCHEMA.partitionKey]: { S: PROBE_KEY } },
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

  private async probe<K extends string>(key: K, call: () => Promise<unknown>) {
    const indicator = this.health.check(key);
    try {
      await call();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
