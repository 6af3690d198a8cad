import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { createReceiverApp } from './receiver.app';

async function bootstrap(): Promise<void> {
  const app = await createReceiverApp();
  const { PORT } = app.get<ReceiverConfig>(APP_CONFIG);
  // Every IPv4 interface: the ALB and the container's health check reach the task by its address.
  await app.listen(PORT, '0.0.0.0');
}

bootstrap().catch((error: Error) => {
  // Configuration errors name the variable; print them plainly, not as a stack.
  process.stderr.write(`order-receiver failed to start: ${error.message}\n`);
  process.exit(1);
});
