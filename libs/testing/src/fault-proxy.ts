import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/** One AWS call as the proxy sees it. */
export interface ProxiedCall {
  readonly service: 'dynamodb' | 'sqs' | 'sns' | 'other';
  /** `PutItem`, `ReceiveMessage`, `Publish`, … */
  readonly operation: string;
  /** The request body as sent (JSON for DynamoDB and SQS, a form for SNS). */
  readonly body: string;
}

/**
 * What to do with a call: forward it, answer with an AWS-shaped error, hold it forever, or forward
 * it and hold the answer forever (`lose-answer`: the service applied the call, its caller times out).
 */
export type FaultAction = 'pass' | 'stall' | 'lose-answer' | AwsErrorReply;

export interface AwsErrorReply {
  readonly status: number;
  /** The AWS error code, e.g. `ValidationException`, `InternalServerError`. */
  readonly code: string;
  readonly message?: string;
}

/** Decides a call's fate; `undefined` leaves it to the next rule (and finally forwards it). */
export type FaultRule = (call: ProxiedCall) => FaultAction | Promise<FaultAction> | undefined;

/**
 * A fault-injecting HTTP proxy for end-to-end tests, between one app and the
 * emulator: every call is forwarded unchanged unless a rule says otherwise, so
 * a test can make one app's calls fail with errors the emulator never produces
 * (a `ValidationException` on a write, a 500 on one order's final write) or
 * hang (a stalled DynamoDB). Point the app's AWS_ENDPOINT_URL at `endpoint`.
 * Not an emulator: it has no AWS behaviour of its own.
 */
export class FaultProxy {
  private rules: FaultRule[] = [];
  private readonly sockets = new Set<Socket>();
  /** Every call seen, in order, whatever its fate. */
  readonly calls: ProxiedCall[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, new URL(target));
    server.on('request', (req, res) => void proxy.handle(req, res));
    server.on('connection', (socket) => {
      proxy.sockets.add(socket);
      socket.once('close', () => proxy.sockets.delete(socket));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    return proxy;
  }

  get endpoint(): string {
    const address = this.server.address();
    if (typeof address !== 'object' || !address) throw new Error('proxy not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Adds a rule; rules are asked in the order added. Returns a function that removes it. */
  add(rule: FaultRule): () => void {
    this.rules.push(rule);
    return () => (this.rules = this.rules.filter((r) => r !== rule));
  }

  /** Removes every rule: from now on everything passes. */
  clear(): void {
    this.rules = [];
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const call = describeCall(req, body.toString('utf8'));
    this.calls.push(call);
    let action: FaultAction = 'pass';
    for (const rule of this.rules) {
      const decided = await rule(call);
      if (decided !== undefined) {
        action = decided;
        break;
      }
    }
    if (action === 'stall') return; // held until the caller gives up or the proxy stops
    if (action !== 'pass' && action !== 'lose-answer') return replyWithError(res, call, action);
    const loseAnswer = action === 'lose-answer';
    const upstream = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        if (loseAnswer) return void answer.resume();
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }
}

function describeCall(req: IncomingMessage, body: string): ProxiedCall {
  const target = String(req.headers['x-amz-target'] ?? '');
  const [prefix, operation = ''] = target.split('.');
  if (prefix.startsWith('DynamoDB')) return { service: 'dynamodb', operation, body };
  if (prefix === 'AmazonSQS') return { service: 'sqs', operation, body };
  const action = new URLSearchParams(body).get('Action');
  if (action) return { service: 'sns', operation: action, body };
  return { service: 'other', operation: '', body };
}

/** An error in the shape each protocol's SDK parser reads (awsJson1_0/1_1, or SNS's query XML). */
function replyWithError(res: ServerResponse, call: ProxiedCall, reply: AwsErrorReply): void {
  const message = reply.message ?? `${reply.code} injected by the test's fault proxy`;
  if (call.service === 'sns') {
    res.writeHead(reply.status, { 'content-type': 'text/xml' });
    res.end(
      `<ErrorResponse><Error><Type>Sender</Type><Code>${reply.code}</Code><Message>${message}</Message></Error>` +
        '<RequestId>fault-proxy</RequestId></ErrorResponse>',
    );
    return;
  }
  res.writeHead(reply.status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-errortype': reply.code,
    'x-amzn-requestid': 'fault-proxy',
  });
  res.end(JSON.stringify({ __type: `com.amazonaws.fault#${reply.code}`, message }));
}
