import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resourceNames } from '@app/aws-resources';
import { EMULATOR_CREDENTIALS, provisionMessaging } from '@app/emulator';
import { MotoServer } from '@app/testing';

/**
 * provisionMessaging against the moto server every local run uses: the subscription gets the
 * delivery dead-letter queue the CDKTF construct gives it on AWS, also when it existed without one.
 */
describe(`${provisionMessaging.name} on the moto server (e2e)`, () => {
  const names = resourceNames('provision-e2e');
  let moto: MotoServer;
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    moto = await MotoServer.start();
    const options = {
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: {
        accessKeyId: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID,
        secretAccessKey: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
      },
    };
    sns = new SNSClient(options);
    sqs = new SQSClient(options);
  });

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await moto?.stop();
  });

  const queueAttributes = async (name: string) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'Policy'] }),
    );
    return Attributes!;
  };

  it("sets the subscription's redrive policy to the delivery dead-letter queue, which only the topic may send to", async () => {
    const { topicArn } = await provisionMessaging(names.environment, { sns, sqs });
    // Twice: provisioning runs against resources that exist on every `npm run local`.
    await provisionMessaging(names.environment, { sns, sqs });

    const { Subscriptions = [] } = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
    );
    expect(Subscriptions).toHaveLength(1);
    const { Attributes } = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: Subscriptions[0].SubscriptionArn }),
    );
    const deliveryDeadLetter = await queueAttributes(names.deliveryDeadLetterQueue);
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: deliveryDeadLetter.QueueArn,
    });
    expect(Attributes!.RawMessageDelivery).toBe('true');
    expect(JSON.parse(deliveryDeadLetter.Policy!).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'sns.amazonaws.com' },
        Action: ['sqs:SendMessage'],
        Resource: deliveryDeadLetter.QueueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      }),
    ]);
  });
});
