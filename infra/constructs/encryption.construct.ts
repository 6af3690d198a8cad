import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ResourceNames } from '@app/aws-resources';
import { AwsContext } from '../lib/aws-context';
import { accountAdministersKey, CLOUDWATCH_PUBLISHES_ALARMS, policyDocument } from '../lib/iam-policy';

export interface EncryptionProps {
  readonly names: ResourceNames;
  readonly aws: AwsContext;
  /** Days before a deleted key is gone for good: 7-30. */
  readonly deletionWindowInDays: number;
  /** prevent_destroy on the key: destroying it makes the table unreadable. */
  readonly preventDestroy: boolean;
}

/**
 * The environment's customer-managed KMS key, encrypting the topic, queues,
 * table, log groups and image repositories. A customer-managed key (not the
 * AWS-managed `aws/sns` or `aws/sqs` keys) is needed because SNS must encrypt
 * into the encrypted queue and CloudWatch alarms must publish to the encrypted
 * alarm topic, and AWS-managed key policies cannot grant those services access.
 */
export class EncryptionConstruct extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: EncryptionProps) {
    super(scope, id);
    const { names, aws, deletionWindowInDays } = props;
    if (!Number.isInteger(deletionWindowInDays) || deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new Error(`EncryptionConstruct: deletionWindowInDays must be 7-30, got ${deletionWindowInDays}`);
    }
    const sameAccount = { StringEquals: { 'aws:SourceAccount': aws.accountId } };

    this.key = new KmsKey(this, 'key', {
      description: `${names.prefix}: topic, queues, table, logs and images`,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: policyDocument([
        accountAdministersKey(aws),
        {
          sid: 'SnsEncryptsIntoQueues',
          principals: { Service: 'sns.amazonaws.com' },
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: sameAccount,
        },
        CLOUDWATCH_PUBLISHES_ALARMS,
        {
          sid: 'LogsEncryptLogGroups',
          principals: { Service: `logs.${aws.region}.amazonaws.com` },
          actions: [
            'kms:Encrypt*',
            'kms:Decrypt*',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:Describe*',
          ],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': `arn:${aws.partition}:logs:${aws.region}:${aws.accountId}:log-group:*${names.prefix}*`,
            },
          },
        },
      ]),
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/${names.prefix}`, targetKeyId: this.key.keyId });
  }
}
