import { createServer, Server, ServerResponse, Agent } from 'node:http';
import { AddressInfo } from 'node:net';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BoundedHttpHandler } from './bounded-http-handler';
import { classifyAwsError } from './aws-errors';
import { certainlyNotApplied } from './certainly-not-applied';

/** A server that answers each request after `delayMs`, counting how many it holds at once. */
async function slowServer(delayMs: number) {
  const state = { inFlight: 0, peak: 0, served: 0 };
  const server: Server = createServer((_req, res) => {
    state.inFlight++;
    state.peak = Math.max(state.peak, state.inFlight);
    setTimeout(() => {
      state.inFlight--;
      state.served++;
      res.end('ok');
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { state, port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * A server that holds every request until `answerAll()` (a hung dependency), counting the
 * requests it received.
 */
async function heldServer() {
  const held: ServerResponse[] = [];
  let received = 0;
  const server: Server = createServer((_req, res) => {
    received++;
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    received: () => received,
    answerAll: () => held.splice(0).forEach((res) => res.end('ok')),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Polls `check` every 20 ms until it holds; fails after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 15000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`'s value, or 'still waiting' once `timeoutMs` passed: a hang fails the spec, not Jest's timeout. */
function within<T>(promise: Promise<T>, timeoutMs = 15000): Promise<T | 'still waiting'> {
  const guard = new Promise<'still waiting'>((resolve) =>
    setTimeout(() => resolve('still waiting'), timeoutMs).unref(),
  );
  return Promise.race([promise, guard]);
}

type Request = Parameters<NodeHttpHandler['handle']>[0];
const request = (port: number): Request =>
  ({
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    method: 'GET',
    path: '/',
    headers: {},
    query: {},
  }) as Request;

/** Sends `calls` requests at once; the outcome of each. */
async function sendAll(handler: NodeHttpHandler, port: number, calls: number) {
  const results = await Promise.allSettled(
    Array.from({ length: calls }, () =>
      handler.handle(request(port)).then(({ response }) => {
        (response.body as NodeJS.ReadableStream).resume();
        return response.statusCode;
      }),
    ),
  );
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    timedOut: results.filter((r) => r.status === 'rejected' && /timeout/i.test(String(r.reason))).length,
  };
}

/** A wait deadline no call of these specs comes near. */
const NO_WAIT_LIMIT = 60000;

describe(BoundedHttpHandler.name, () => {
  // Each call takes 150 ms on the server; ten queued behind one socket need 1.5 s, past the 500 ms
  // request timeout of any call that counts its wait.
  const delayMs = 150;
  const options = (agent: Agent) => ({ httpAgent: agent, requestTimeout: 500, throwOnRequestTimeout: true });
  let server: Awaited<ReturnType<typeof slowServer>>;

  beforeEach(async () => {
    server = await slowServer(delayMs);
  });
  afterEach(async () => {
    await server.close();
  });

  it('keeps at most maxInFlight calls on the wire, and a waiting call does not time out', async () => {
    const sut = new BoundedHttpHandler(
      options(new Agent({ keepAlive: true, maxSockets: 50 })),
      1,
      NO_WAIT_LIMIT,
    );
    const outcome = await sendAll(sut, server.port, 10);
    expect(outcome).toEqual({ ok: 10, timedOut: 0 });
    expect(server.state.peak).toBe(1);
    expect(sut.waiting).toBe(0);
    sut.destroy();
  });

  it('(why it exists) an agent limited to one socket makes the queued calls time out while they wait', async () => {
    const sut = new NodeHttpHandler(options(new Agent({ keepAlive: true, maxSockets: 1 })));
    const outcome = await sendAll(sut, server.port, 10);
    expect(outcome.timedOut).toBeGreaterThan(0);
    sut.destroy();
  });

  it('rejects a call aborted while it waits, without sending it', async () => {
    const sut = new BoundedHttpHandler(options(new Agent({ keepAlive: true })), 1, NO_WAIT_LIMIT);
    const first = sut.handle(request(server.port));
    const controller = new AbortController();
    const second = sut.handle(request(server.port), { abortSignal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect({ inFlight: sut.inFlight, waiting: sut.waiting }).toEqual({ inFlight: 1, waiting: 1 });
    controller.abort();
    await expect(second).rejects.toThrow(/abort/i);
    await first;
    expect(server.state.served).toBe(1);
    sut.destroy();
  });
});

describe(`${BoundedHttpHandler.name}: a deadline for the wait`, () => {
  // The dependency hangs: calls on the wire are held far longer than any wait deadline here.
  const options = () => ({
    httpAgent: new Agent({ keepAlive: true }),
    requestTimeout: 60000,
    throwOnRequestTimeout: true,
  });
  const maxInFlight = 2;
  // Long enough for a call queued behind one given up to be sent before its own deadline, on a busy machine.
  const maxWaitMs = 1000;
  let server: Awaited<ReturnType<typeof heldServer>>;
  let sut: BoundedHttpHandler;

  beforeEach(async () => {
    server = await heldServer();
    sut = new BoundedHttpHandler(options(), maxInFlight, maxWaitMs);
  });
  afterEach(async () => {
    sut.destroy();
    await server.close();
  });

  it('gives up the calls that wait past the deadline, unsent, as a retryable error that changed nothing', async () => {
    const calls = Array.from({ length: maxInFlight + 4 }, () =>
      sut.handle(request(server.port)).then(
        () => 'answered',
        (error: Error) => error,
      ),
    );
    // Long before the 60 s request timeout of the calls on the wire.
    const queued = await within(Promise.all(calls.slice(maxInFlight)));
    expect(Array.isArray(queued) ? queued.map((e) => (e as Error).name) : queued).toEqual(
      Array(4).fill('SlotWaitTimeout'),
    );
    for (const error of queued as Error[]) {
      expect(classifyAwsError(error)).toBe('retryable');
      expect(certainlyNotApplied(error)).toBe(true);
    }
    await until(() => server.received() === maxInFlight);
    expect({ received: server.received(), inFlight: sut.inFlight, waiting: sut.waiting }).toEqual({
      received: maxInFlight,
      inFlight: maxInFlight,
      waiting: 0,
    });
  });

  it('a call given up while it waited never takes a turn; the calls behind it do', async () => {
    const outcome = (call: ReturnType<BoundedHttpHandler['handle']>) =>
      call.then(
        ({ response }) => {
          (response.body as NodeJS.ReadableStream).resume();
          return response.statusCode;
        },
        (error: Error) => error.name,
      );
    const onTheWire = [outcome(sut.handle(request(server.port))), outcome(sut.handle(request(server.port)))];
    expect(await within(outcome(sut.handle(request(server.port))))).toBe('SlotWaitTimeout');
    const later = outcome(sut.handle(request(server.port)));
    server.answerAll();
    expect(await within(Promise.all(onTheWire))).toEqual([200, 200]);
    await until(() => server.received() === maxInFlight + 1);
    server.answerAll();
    expect(await within(later)).toBe(200);
    expect(server.received()).toBe(maxInFlight + 1);
  });
});
