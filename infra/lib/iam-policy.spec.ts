import { assertLeastPrivilege, assumeRolePolicy, policyDocument } from './iam-policy';

describe(policyDocument.name, () => {
  it('renders statements with principals and conditions only when given', () => {
    const sut = JSON.parse(
      policyDocument([
        { sid: 'A', actions: ['sns:Publish'], resources: ['arn:topic'] },
        {
          sid: 'B',
          actions: ['sqs:SendMessage'],
          resources: ['arn:queue', 'arn:dlq'],
          principals: { Service: 'sns.amazonaws.com' },
          conditions: { ArnEquals: { 'aws:SourceArn': 'arn:topic' } },
        },
      ]),
    );
    expect(sut.Statement[0]).toEqual({
      Sid: 'A',
      Effect: 'Allow',
      Action: ['sns:Publish'],
      Resource: 'arn:topic',
    });
    expect(sut.Statement[1].Principal).toEqual({ Service: 'sns.amazonaws.com' });
    expect(sut.Statement[1].Resource).toEqual(['arn:queue', 'arn:dlq']);
  });

  it('scopes trust policies to the account', () => {
    const sut = JSON.parse(assumeRolePolicy('ecs-tasks.amazonaws.com', '123456789012'));
    expect(sut.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
  });
});

describe(assertLeastPrivilege.name, () => {
  it('rejects wildcard actions and empty statements', () => {
    expect(() => assertLeastPrivilege('x', [{ sid: 'A', actions: ['sqs:*'], resources: ['arn'] }])).toThrow(
      /wildcard/,
    );
    expect(() => assertLeastPrivilege('x', [{ sid: 'A', actions: [], resources: ['arn'] }])).toThrow(
      /needs actions/,
    );
    expect(() => assertLeastPrivilege('x', [])).toThrow(/at least one/);
  });
});
