import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { createReceiverApp } from './receiver.app';

/**
 * Once the server closes, every answer ends its connection. Node's server.close() closes the
 * keep-alive connections that are idle at that moment, but one busy with a request then stays
 * open for the whole keep-alive timeout (65 s, above the ALB's) after its answer, holding the
 * process up long after its last request.
 */
function closeConnectionsOnShutdown(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}

async function bootstrap(): Promise<void> {
  const app = await createReceiverApp();
  const { PORT } = app.get<ReceiverConfig>(APP_CONFIG);
  // SIGTERM and SIGINT: Nest's shutdown hooks (receiver.app.ts) ignore a repeat while closing,
  // let requests in flight finish, then end the process with the signal.
  closeConnectionsOnShutdown(app);
  // Every IPv4 interface: the ALB and the container's health check reach the task by its address.
  await app.listen(PORT, '0.0.0.0');
}

bootstrap().catch((error: Error) => {
  // Configuration errors name the variable; print them plainly, not as a stack.
  process.stderr.write(`order-receiver failed to start: ${error.message}\n`);
  process.exit(1);
});
