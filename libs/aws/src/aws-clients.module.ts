import { Global, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { APP_CONFIG } from '@app/config';
import { awsClientOptions, AwsConnectionSettings } from './aws-client-options';
import { AwsCallRecorder, AwsCallRecorderSettings } from './aws-call-recorder';
import { DYNAMO_DOCUMENT_CLIENT, SNS_CLIENT, SQS_CLIENT } from './aws.tokens';
import { tuneSdkClient } from './sdk-client-tuning';
import { trackNotApplied } from './certainly-not-applied';

/**
 * @app/aws: AWS SDK v3 clients as providers built from the validated config,
 * each recording its calls through the AwsCallRecorder, with the SDK's per-call
 * work they do not need taken out (tuneSdkClient), and the fate of every attempt
 * of a failed call kept for certainlyNotApplied (trackNotApplied). Services inject
 * them by token and never construct clients themselves.
 */
@Global()
@Module({
  providers: [
    {
      provide: AwsCallRecorder,
      inject: [APP_CONFIG],
      useFactory: (cfg: AwsCallRecorderSettings) => new AwsCallRecorder(cfg),
    },
    {
      provide: DYNAMO_DOCUMENT_CLIENT,
      inject: [APP_CONFIG, AwsCallRecorder],
      useFactory: (cfg: AwsConnectionSettings, recorder: AwsCallRecorder) =>
        DynamoDBDocumentClient.from(
          recorder.instrument(
            trackNotApplied(tuneSdkClient(new DynamoDBClient(awsClientOptions(cfg, 'dynamodb')))),
          ),
          {
            marshallOptions: { removeUndefinedValues: true },
          },
        ),
    },
    {
      provide: SNS_CLIENT,
      inject: [APP_CONFIG, AwsCallRecorder],
      // cacheMiddleware: the SDK resolves a command's middleware stack once per command class
      // instead of on every call (a profile of the receiver showed the resolution on every publish).
      // Not for DynamoDB: the document client's commands hold their input in that handler.
      useFactory: (cfg: AwsConnectionSettings, recorder: AwsCallRecorder) =>
        recorder.instrument(
          trackNotApplied(
            tuneSdkClient(new SNSClient({ ...awsClientOptions(cfg, 'sns'), cacheMiddleware: true })),
          ),
        ),
    },
    {
      provide: SQS_CLIENT,
      inject: [APP_CONFIG, AwsCallRecorder],
      useFactory: (cfg: AwsConnectionSettings, recorder: AwsCallRecorder) =>
        recorder.instrument(trackNotApplied(tuneSdkClient(new SQSClient(awsClientOptions(cfg, 'sqs'))))),
    },
  ],
  exports: [AwsCallRecorder, DYNAMO_DOCUMENT_CLIENT, SNS_CLIENT, SQS_CLIENT],
})
export class AwsClientsModule implements OnApplicationShutdown {
  constructor(
    @Inject(DYNAMO_DOCUMENT_CLIENT) private readonly dynamo: DynamoDBDocumentClient,
    @Inject(SNS_CLIENT) private readonly sns: SNSClient,
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
  ) {}

  onApplicationShutdown(): void {
    // Closes the keep-alive sockets so the process can exit promptly.
    this.dynamo.destroy();
    this.sns.destroy();
    this.sqs.destroy();
  }
}
