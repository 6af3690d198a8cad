/** Anchor: bare Fastify (its defaults, logger off) answering GET /health/live with {"status":"ok"}. */
import Fastify from 'fastify';
import { anchorPort, ANCHOR_HOST, announce } from './anchor-port';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/health/live', async () => ({ status: 'ok' }));
  await app.listen({ port: anchorPort(), host: ANCHOR_HOST });
  announce('fastify', app.server.address());
}

main().catch((error: Error) => {
  process.stderr.write(`fastify anchor failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
