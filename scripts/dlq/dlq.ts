/**
 * The dead-letter queue command (docs/dead-letter.md):
 *   npm run dlq:show     lists the messages (id, customer and order, reason, body excerpt) without consuming them
 *   npm run dlq:redrive  moves them all back to the main queue; FAILED orders are reopened for another run
 * Add --json for machine-readable output. Reads the processor's variables
 * (ORDERS_QUEUE_URL, ORDERS_DLQ_URL, ORDERS_TABLE_NAME, AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION); the emulators of `npm run local` need
 * AWS_ENDPOINT_URL=http://localhost:4566 AWS_ENDPOINT_URL_DYNAMODB=http://localhost:4567.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AwsClientsModule } from '@app/aws';
import { APP_CONFIG, processorEnvSchema, ProcessorConfig, TypedConfigModule } from '@app/config';
import { DeadLetterEntry } from './dead-letter-message';
import { DeadLetterModule } from './dead-letter.module';
import { DeadLetterService } from './dead-letter.service';
import { emulatorCredentialDefaults } from '@app/emulator';

@Module({ imports: [TypedConfigModule.forRoot(processorEnvSchema), AwsClientsModule, DeadLetterModule] })
class DeadLetterCommandModule {}

const USAGE = 'usage: dlq.js show|redrive [--json]';

function formatEntries(entries: DeadLetterEntry[], queueUrl: string): string {
  const lines = [`${entries.length} message(s) in ${queueUrl}`];
  for (const e of entries) {
    lines.push(
      `- ${e.messageId}  customer=${e.customerId === undefined ? '-' : JSON.stringify(e.customerId)}  ` +
        `order=${e.orderId ?? '-'}${e.legacy ? '  (legacy shape, see docs/migration.md)' : ''}  ` +
        `received=${e.receiveCount ?? '?'}  sent=${e.sentAt ?? '?'}`,
    );
    lines.push(`  reason: ${e.failureReason}`);
    lines.push(`  body:   ${e.bodyExcerpt}`);
  }
  return lines.join('\n');
}

async function main(args: string[]): Promise<void> {
  const command = args.find((a) => !a.startsWith('-'));
  const json = args.includes('--json');
  if (command !== 'show' && command !== 'redrive') throw new Error(USAGE);
  Object.assign(process.env, emulatorCredentialDefaults(process.env, ['sqs', 'dynamodb']));
  const app = await NestFactory.createApplicationContext(DeadLetterCommandModule, { logger: ['error'] });
  try {
    const service = app.get(DeadLetterService);
    const config = app.get<ProcessorConfig>(APP_CONFIG);
    if (command === 'show') {
      const entries = await service.list();
      process.stdout.write(
        `${json ? JSON.stringify(entries) : formatEntries(entries, config.ORDERS_DLQ_URL)}\n`,
      );
    } else {
      const result = await service.redrive();
      process.stdout.write(
        json
          ? `${JSON.stringify(result)}\n`
          : `moved ${result.moved} message(s) to ${config.ORDERS_QUEUE_URL}; reopened ${result.reopened} FAILED ` +
              `order(s) for another run` +
              (result.failed ? `; ${result.failed} could not be moved and stay` : '') +
              (result.skipped ? `; ${result.skipped} came back during the run and stay` : '') +
              '\n',
      );
      if (result.failed > 0) process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`dlq: ${error.message}\n`);
  process.exit(1);
});
