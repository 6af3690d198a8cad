import { AppPermission } from '@app/aws-resources';
import { taskPolicyStatements } from './task-permissions';

describe(taskPolicyStatements.name, () => {
  const targets = {
    arns: { topic: 'arn:topic', queue: 'arn:queue', deadLetterQueue: 'arn:dlq', table: 'arn:table' },
    kmsKeyArn: 'arn:key',
  };
  const permission = (over: Partial<AppPermission>): AppPermission => ({
    sid: 'S',
    resource: 'table',
    actions: ['dynamodb:GetItem'],
    usedBy: 'a spec',
    ...over,
  });

  it('names each permission’s resource by its ARN', () => {
    const sut = taskPolicyStatements(
      [
        permission({ sid: 'Send', resource: 'deadLetterQueue', actions: ['sqs:SendMessage'] }),
        permission({ sid: 'Read', resource: 'table', actions: ['dynamodb:GetItem'] }),
      ],
      targets,
    );
    expect(sut.slice(0, 2)).toEqual([
      { sid: 'Send', actions: ['sqs:SendMessage'], resources: ['arn:dlq'] },
      { sid: 'Read', actions: ['dynamodb:GetItem'], resources: ['arn:table'] },
    ]);
  });

  it('adds the KMS actions that sending and receiving on encrypted queues need, on the key', () => {
    const sut = taskPolicyStatements(
      [permission({ resource: 'queue', actions: ['sqs:ReceiveMessage', 'sqs:SendMessage'] })],
      targets,
    );
    expect(sut[1]).toEqual({
      sid: 'UseEnvironmentKey',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['arn:key'],
    });
  });

  it('grants no key use when no action needs it', () => {
    expect(taskPolicyStatements([permission({})], targets)).toHaveLength(1);
  });
});
