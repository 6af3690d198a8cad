/**
 * What one call costs a local AWS emulator, and whether it answers the project's own operations as
 * AWS does: the measurement behind the "Local backend" table of docs/load-testing.md.
 *
 * DynamoDB is driven through the orders repository itself (conditional put, conditional updates
 * with if_not_exists, REMOVE of the TTL attribute and ALL_NEW, consistent get); SNS and SQS through
 * the calls the apps make (publish with raw delivery into the queue, receive, delete, the batch
 * calls, the redrive to the dead-letter queue). Each operation runs `--calls` times from
 * `--callers` concurrent callers; the emulators' CPU time (from /proc, their child processes
 * included) before and after gives CPU ms per call, which another load on the machine barely
 * changes, unlike calls/s.
 *
 *   npm run build
 *   node dist/loadtest/emulator-cost/emulator-cost.js --dynamodb http://127.0.0.1:4567@PID \
 *     --messaging http://127.0.0.1:4566@PID [--calls 400] [--callers 4] [--json]
 *
 * Either side may be left out. Exits 1 when a check fails. The DynamoDB side is dynamodb.ts, SNS and
 * SQS messaging.ts, the timing and the CPU reading measure.ts.
 */
import { useEmulatorCredentials } from '@app/emulator';
import { dynamoFigures } from './dynamodb';
import { Check, Target } from './measure';
import { messagingFigures } from './messaging';

function parseTarget(value: string | undefined): Target | undefined {
  if (!value) return undefined;
  const [url, pid] = value.split('@');
  return { url, ...(pid ? { pid: Number(pid) } : {}) };
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  useEmulatorCredentials();
  const calls = Number(arg(args, '--calls') ?? 400);
  const callers = Number(arg(args, '--callers') ?? 4);
  const dynamo = parseTarget(arg(args, '--dynamodb'));
  const messaging = parseTarget(arg(args, '--messaging'));
  const checks: Check[] = [];
  const figures = [
    ...(dynamo ? await dynamoFigures(dynamo, calls, callers, checks) : []),
    ...(messaging ? await messagingFigures(messaging, calls, callers, checks) : []),
  ];
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ calls, callers, figures, checks })}\n`);
  } else {
    for (const f of figures) {
      process.stdout.write(
        `${f.operation.padEnd(80)} ${String(f.cpuMsPerCall ?? '-').padStart(7)} CPU ms/call ${String(f.callsPerSecond).padStart(8)} calls/s\n`,
      );
    }
    for (const c of checks)
      process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? ` (${c.detail})` : ''}\n`);
  }
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`emulator-cost failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
