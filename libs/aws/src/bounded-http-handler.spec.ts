import { createServer, Server, Agent } from 'node:http';
import { AddressInfo } from 'node:net';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BoundedHttpHandler } from './bounded-http-handler';

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
    const sut = new BoundedHttpHandler(options(new Agent({ keepAlive: true, maxSockets: 50 })), 1);
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
    const sut = new BoundedHttpHandler(options(new Agent({ keepAlive: true })), 1);
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
