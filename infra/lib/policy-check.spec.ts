import {
  describePermission,
  IdentityPolicy,
  isAllowed,
  missingPermissions,
  PolicyReferences,
  requiredPermissions,
  unusedGrants,
} from './policy-check';

const references: PolicyReferences = {
  resources: {
    topic: '${aws_sns_topic.t.arn}',
    queue: '${aws_sqs_queue.q.arn}',
    deadLetterQueue: '${aws_sqs_queue.dlq.arn}',
    table: '${aws_dynamodb_table.d.arn}',
  },
  encryptionKeys: { queue: '${aws_kms_key.k.arn}', deadLetterQueue: '${aws_kms_key.k.arn}' },
};

describe(requiredPermissions.name, () => {
  it('maps operations to IAM actions on the resource, and adds KMS on the key of an encrypted one', () => {
    const sut = requiredPermissions(
      [
        { service: 'sqs', operation: 'DeleteMessageBatch', resource: 'deadLetterQueue' },
        { service: 'sqs', operation: 'SendMessageBatch', resource: 'queue' },
        { service: 'sqs', operation: 'SendMessage', resource: 'queue' },
        { service: 'dynamodb', operation: 'GetItem', resource: 'table' },
      ],
      references,
    );
    expect(sut.problems).toEqual([]);
    expect(sut.permissions.map(({ action, resource }) => `${action} ${resource}`)).toEqual([
      'sqs:DeleteMessage ${aws_sqs_queue.dlq.arn}',
      'sqs:SendMessage ${aws_sqs_queue.q.arn}',
      'kms:Decrypt ${aws_kms_key.k.arn}',
      'kms:GenerateDataKey ${aws_kms_key.k.arn}',
      'dynamodb:GetItem ${aws_dynamodb_table.d.arn}',
    ]);
  });

  it('reports an unmapped operation and a resource that is none of the app’s', () => {
    const sut = requiredPermissions(
      [
        { service: 'sqs', operation: 'PurgeQueue', resource: 'queue' },
        { service: 'sqs', operation: 'SendMessage', resource: 'http://elsewhere/1/q' },
      ],
      references,
    );
    expect(sut.permissions).toEqual([]);
    expect(sut.problems).toEqual([
      'sqs:PurgeQueue: no IAM action known for it; add it to OPERATION_ACTIONS',
      "sqs:SendMessage on http://elsewhere/1/q, which is none of the app's resources",
    ]);
  });
});

describe(isAllowed.name, () => {
  const policy: IdentityPolicy = {
    Statement: [
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '${aws_sqs_queue.dlq.arn}' },
      { Effect: 'Allow', Action: 'dynamodb:*Item', Resource: ['${aws_dynamodb_table.d.arn}'] },
      { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' },
    ],
  };

  it('needs the action on that very resource', () => {
    expect(isAllowed(policy, 'sqs:SendMessage', '${aws_sqs_queue.dlq.arn}')).toBe(true);
    expect(isAllowed(policy, 'sqs:SendMessage', '${aws_sqs_queue.q.arn}')).toBe(false);
  });

  it('honours wildcards, case-insensitive actions and an explicit deny', () => {
    expect(isAllowed(policy, 'DynamoDB:GetItem', '${aws_dynamodb_table.d.arn}')).toBe(true);
    expect(isAllowed(policy, 'dynamodb:DeleteItem', '${aws_dynamodb_table.d.arn}')).toBe(false);
  });

  it('denies every action but those of a NotAction deny', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/k';
    const onlyUse: IdentityPolicy = {
      Statement: [
        { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', NotAction: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: key },
      ],
    };
    expect(isAllowed(onlyUse, 'kms:GenerateDataKeyWithoutPlaintext', key)).toBe(true);
    expect(isAllowed(onlyUse, 'kms:ScheduleKeyDeletion', key)).toBe(false);
    expect(
      isAllowed(onlyUse, 'kms:ScheduleKeyDeletion', 'arn:aws:kms:eu-west-1:123456789012:key/other'),
    ).toBe(true);
  });
});

describe(missingPermissions.name, () => {
  it('lists what the policy does not allow, readably', () => {
    const { permissions } = requiredPermissions(
      [{ service: 'sqs', operation: 'SendMessage', resource: 'queue' }],
      references,
    );
    const policy: IdentityPolicy = {
      Statement: [
        { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '${aws_sqs_queue.dlq.arn}' },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '${aws_kms_key.k.arn}' },
      ],
    };
    expect(missingPermissions(policy, permissions).map(describePermission)).toEqual([
      'sqs:SendMessage on ${aws_sqs_queue.q.arn} (needed by sqs:SendMessage on the queue)',
    ]);
  });
});

describe(unusedGrants.name, () => {
  it('lists each allowed action on a resource that nothing needed', () => {
    const { permissions } = requiredPermissions(
      [{ service: 'sqs', operation: 'ReceiveMessage', resource: 'queue' }],
      references,
    );
    const policy: IdentityPolicy = {
      Statement: [
        {
          Sid: 'Consume',
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'],
          Resource: '${aws_sqs_queue.q.arn}',
        },
        { Sid: 'Key', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '${aws_kms_key.k.arn}' },
      ],
    };
    expect(unusedGrants(policy, permissions)).toEqual([
      { sid: 'Consume', action: 'sqs:GetQueueAttributes', resource: '${aws_sqs_queue.q.arn}' },
    ]);
  });
});
