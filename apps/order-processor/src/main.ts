import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { createProcessorApp } from './processor.app';

async function bootstrap(): Promise<void> {
  const app = await createProcessorApp();
  const { PROCESSOR_PORT } = app.get<ProcessorConfig>(APP_CONFIG);
  // Every IPv4 interface: the container's health check and the metrics scrape reach it by address.
  await app.listen(PROCESSOR_PORT, '0.0.0.0');

  // Not enableShutdownHooks: Nest re-raises the signal after closing, which
  // ends the process with 143. SIGTERM (also Fargate Spot's notice) must drain
  // in-flight orders and then exit 0.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: Error) => {
        process.stderr.write(`order-processor shutdown after ${signal} failed: ${error.message}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`order-processor failed to start: ${error.message}\n`);
  process.exit(1);
});
