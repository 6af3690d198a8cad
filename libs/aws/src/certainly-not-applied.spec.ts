import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DynamoDBClient, DynamoDBServiceException, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { certainlyNotApplied, trackNotApplied } from './certainly-not-applied';
import { SlotWaitTimeoutError } from './slot-wait-timeout.error';

const answer = (name: string, httpStatusCode: number, attempts = 1) =>
  new DynamoDBServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, attempts },
    message: name,
  });
const network = (fields: object, message = 'network') => Object.assign(new Error(message), fields);

describe(certainlyNotApplied.name, () => {
  it.each([
    ['a throttling answer', answer('ThrottlingException', 400)],
    ['a 429', answer('TooManyRequestsException', 429)],
    ['KMS throttling', answer('KMSThrottlingException', 400)],
    ['a refused connection', network({ code: 'ECONNREFUSED' }, 'connect ECONNREFUSED 127.0.0.1:1')],
    ['a failed DNS lookup', network({ code: 'ENOTFOUND' })],
    ['a DNS lookup to try again', network({ code: 'EAI_AGAIN' })],
    ['a call given up while it waited for a slot', new SlotWaitTimeoutError(2000)],
  ])('%s: provably never took effect', (_, error) => {
    expect(certainlyNotApplied(error)).toBe(true);
  });

  it.each([
    ['a request timeout', network({ name: 'TimeoutError', code: 'ETIMEDOUT' })],
    ['a reset connection', network({ name: 'TimeoutError', code: 'ECONNRESET' })],
    ['a socket hang up', new Error('socket hang up')],
    ['a broken pipe', network({ code: 'EPIPE' })],
    ['a 500', answer('InternalServerError', 500)],
    ['a 503 throttling answer', answer('ThrottlingException', 503)],
    ['an unknown error', new TypeError('x')],
    ['a refusal', answer('ValidationException', 400)],
    ['not an Error', 'ECONNREFUSED'],
    // The transaction of that token is running: the call may yet take effect through it.
    ['a transaction in progress', answer('TransactionInProgressException', 400)],
  ])('%s: may have taken effect', (_, error) => {
    expect(certainlyNotApplied(error)).toBe(false);
  });

  it('without a record of every attempt, the last one of several proves nothing', () => {
    expect(certainlyNotApplied(answer('ThrottlingException', 400, 2))).toBe(false);
  });
});

type Answer = { status: number; code: string };

/**
 * A DynamoDB endpoint that answers each request as `script` says, given its body and how many
 * requests with that body came before it.
 */
async function scriptedDynamo(script: (body: string, seen: number) => Answer) {
  const seen = new Map<string, number>();
  let served = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { status, code } = script(body, seen.get(body) ?? 0);
      seen.set(body, (seen.get(body) ?? 0) + 1);
      served++;
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': code });
      res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: code }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    served: () => served,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const THROTTLED: Answer = { status: 400, code: 'ThrottlingException' };
const FAILED: Answer = { status: 500, code: 'InternalServerError' };

const client = (endpoint: string, cacheMiddleware = false) =>
  trackNotApplied(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 2,
      cacheMiddleware,
    }),
  );
const getItem = (sut: DynamoDBClient, id = '1') =>
  sut.send(new GetItemCommand({ TableName: 't', Key: { id: { S: id } } })).then(
    () => undefined,
    (error: unknown) => error,
  );

describe(`${trackNotApplied.name}: every attempt of an SDK call counts`, () => {
  let server: Awaited<ReturnType<typeof scriptedDynamo>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a call throttled on every attempt provably never took effect', async () => {
    server = await scriptedDynamo(() => THROTTLED);
    const error = await getItem(client(server.endpoint));
    expect(server.served()).toBe(2);
    expect(certainlyNotApplied(error)).toBe(true);
  });

  it('a call that failed with a 500 and then was throttled may have taken effect on its first attempt', async () => {
    server = await scriptedDynamo((_, seen) => (seen === 0 ? FAILED : THROTTLED));
    const error = await getItem(client(server.endpoint));
    expect(server.served()).toBe(2);
    expect(error).toMatchObject({ name: 'ThrottlingException' });
    expect(certainlyNotApplied(error)).toBe(false);
  });

  it('keeps concurrent calls apart on a client that shares one handler between calls (cacheMiddleware)', async () => {
    server = await scriptedDynamo((body, seen) => (body.includes('"a"') || seen > 0 ? THROTTLED : FAILED));
    const sut = client(server.endpoint, true);
    const [a, b] = await Promise.all([getItem(sut, 'a'), getItem(sut, 'b')]);
    expect(server.served()).toBe(4);
    expect([certainlyNotApplied(a), certainlyNotApplied(b)]).toEqual([true, false]);
  });

  it('a call whose every connection was refused provably never took effect', async () => {
    const closed = await scriptedDynamo(() => FAILED);
    await closed.close();
    const error = await getItem(client(closed.endpoint));
    expect(error).toMatchObject({ code: 'ECONNREFUSED', $metadata: { attempts: 2 } });
    expect(certainlyNotApplied(error)).toBe(true);
  });
});
