import { Agent, request, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { HTTP_SETTINGS } from '@app/aws-resources';
import { ReceiverHarness } from './receiver-harness';

/** One GET on `agent`; resolves with the status, the socket it used and whether that socket was reused. */
function get(agent: Agent, port: number, path: string) {
  return new Promise<{ status: number; socket: Socket; reused: boolean }>((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => ok({ status: res.statusCode ?? 0, socket: req.socket!, reused: req.reusedSocket }));
    });
    req.on('error', fail);
    req.end();
  });
}

/**
 * The ALB keeps an idle connection to a target for its idle timeout (60 s) and sends the next
 * request on it. Node closes idle keep-alive sockets after 5 s by default, so the ALB would send
 * on a socket the receiver already closed and answer 502.
 */
describe('receiver keep-alive (idle connections from the load balancer)', () => {
  let harness: ReceiverHarness;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    harness = await ReceiverHarness.start();
    await harness.app.listen(0, '127.0.0.1');
    port = (harness.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    agent.destroy();
    await harness?.stop();
  });

  it('keeps idle sockets longer than the ALB does, and waits for headers longer still', () => {
    const server = harness.app.getHttpServer() as Server;
    expect(server.keepAliveTimeout).toBe(HTTP_SETTINGS.keepAliveTimeoutMs);
    expect(server.keepAliveTimeout).toBeGreaterThan(HTTP_SETTINGS.albIdleTimeoutSeconds * 1000);
    expect(server.headersTimeout).toBe(HTTP_SETTINGS.headersTimeoutMs);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('keeps a socket idle for longer than Node’s default 5 s open and answers on it', async () => {
    const first = await get(agent, port, '/health/live');
    expect(first.status).toBe(200);
    let closedBy = '';
    first.socket.once('close', () => (closedBy = 'the server closed the idle socket'));

    await sleep(6000);

    expect(closedBy).toBe('');
    const second = await get(agent, port, '/health/live');
    expect(second.status).toBe(200);
    expect(second.reused).toBe(true);
    expect(second.socket).toBe(first.socket);
  });
});
