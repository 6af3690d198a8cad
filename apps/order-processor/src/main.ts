import { Logger } from '@nestjs/common';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { createProcessorApp } from './processor.app';

const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

async function bootstrap(): Promise<void> {
  const app = await createProcessorApp();
  const { PROCESSOR_PORT } = app.get<ProcessorConfig>(APP_CONFIG);
  // Every IPv4 interface: the container's health check and the metrics scrape reach it by address.
  await app.listen(PROCESSOR_PORT, '0.0.0.0');

  // Not enableShutdownHooks: Nest re-raises the signal after closing, which
  // ends the process with 143. SIGTERM (also Fargate Spot's notice) must drain
  // in-flight orders and then exit 0.
  // The listeners stay for the whole drain (process.on, not once): a second Ctrl-C or a
  // repeated SIGTERM would otherwise get the default action and kill the process mid-drain,
  // leaving its orders leased until their leases run out.
  const logger = new Logger('Shutdown');
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ msg: 'signal ignored: already shutting down', signal });
      return;
    }
    closing = true;
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: Error) => {
        process.stderr.write(`order-processor shutdown after ${signal} failed: ${error.message}\n`);
        process.exit(1);
      });
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, shutdown);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`order-processor failed to start: ${error.message}\n`);
  process.exit(1);
});
