import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { tuneSdkClient, UNUSED_SDK_MIDDLEWARE } from './sdk-client-tuning';

/** A DynamoDB stand-in that answers every call with an empty item and keeps the request headers. */
async function fakeDynamo() {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume().on('end', () => {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { seen, endpoint: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

describe(tuneSdkClient.name, () => {
  let dynamo: Awaited<ReturnType<typeof fakeDynamo>>;
  let client: DynamoDBClient;

  beforeEach(async () => {
    dynamo = await fakeDynamo();
    client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterEach(async () => {
    client.destroy();
    await dynamo.close();
  });

  it('takes the unused middleware out and keeps the rest of the stack', () => {
    const before = client.middlewareStack.identify();

    const after = tuneSdkClient(client).middlewareStack.identify();

    for (const name of UNUSED_SDK_MIDDLEWARE) {
      expect(before.some((entry) => entry.startsWith(`${name} `))).toBe(true);
      expect(after.some((entry) => entry.startsWith(`${name} `))).toBe(false);
    }
    expect(after).toHaveLength(before.length - UNUSED_SDK_MIDDLEWARE.length);
  });

  it('still sends signed calls and reads their answers', async () => {
    const sut = tuneSdkClient(client);

    const out = await sut.send(new GetItemCommand({ TableName: 'orders', Key: { orderId: { S: 'o-1' } } }));

    expect(out.Item).toBeUndefined();
    const [headers] = dynamo.seen;
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/dynamodb\//);
    expect(headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(headers['x-amz-user-agent']).toBeUndefined();
    expect(headers['user-agent']).toBeUndefined();
  });
});
