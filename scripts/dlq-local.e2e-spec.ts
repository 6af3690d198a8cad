import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@app/emulator';
import { orderStatusPath, postJson, testOrder, waitFor } from '@app/testing';
import { LocalSystem, READY_TIMEOUT_MS } from './test/local-system';

/** The bash block under "## Commands" in docs/dead-letter.md, as a user copies it. */
function documentedCommands(): string[] {
  const doc = readFileSync(join(REPO_ROOT, 'docs/dead-letter.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Commands'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('docs/dead-letter.md has no bash block under "## Commands"');
  return block.split('\n').filter((line) => line.trim() !== '');
}

/**
 * The dead-letter commands of docs/dead-letter.md, run as written (in a shell with no AWS
 * variables, as a user's terminal beside `npm run local`) against `npm run local`: only the
 * emulators' ports differ, so this runs beside a user's own. A FAILED order in the DLQ is listed,
 * redriven (its order reopened in the DynamoDB emulator, its message back on the queue) and run
 * again by the processor.
 */
describe('docs/dead-letter.md commands against npm run local', () => {
  let local: LocalSystem;

  beforeAll(async () => {
    local = await LocalSystem.start({
      // Every fulfilment fails, retried at once: an order is FAILED and dead-lettered in seconds.
      FAILURE_RATE: '1',
      RETRY_BASE_DELAY_MS: '50',
      PROCESSING_TIME_MS: '50',
    });
  }, READY_TIMEOUT_MS + 60000);

  afterAll(() => local?.kill());

  /** Runs one documented command line after the block's other lines (exports, comments) in bash. */
  const run = async (command: string, prelude: string[]) => {
    const onLocalPorts = (line: string) =>
      line
        .replaceAll('localhost:4566', `localhost:${local.ports.MOTO_PORT}`)
        .replaceAll('localhost:4567', `localhost:${local.ports.DYNAMODB_PORT}`);
    // A user's shell: none of the AWS or resource variables this test process has.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(AWS_|ORDERS_)/.test(name)),
    );
    const script = ['set -euo pipefail', ...prelude, command].map(onLocalPorts).join('\n');
    try {
      const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: REPO_ROOT, env });
      return stdout;
    } catch (error) {
      const { stdout, stderr } = error as { stdout: string; stderr: string };
      throw new Error(`${command} failed:\n${stdout}\n${stderr}`);
    }
  };

  it('show lists the FAILED order, redrive reopens and requeues it, the processor runs it again', async () => {
    const order = testOrder();
    expect((await postJson(`${local.receiverUrl}/orders/async`, order)).status).toBe(202);
    const stored = async () =>
      (await (await fetch(`${local.receiverUrl}${orderStatusPath(order)}`)).json()) as {
        status: string;
        attempts: number;
      };
    const failed = await waitFor(
      async () => ((await stored()).status === 'FAILED' ? stored() : undefined),
      60000,
      'the order FAILED',
    );

    const lines = documentedCommands();
    const commands = lines.filter((line) => /^npm run dlq:/.test(line));
    const prelude = lines.filter((line) => !commands.includes(line));
    const command = (pattern: RegExp) => {
      const found = commands.find((line) => pattern.test(line));
      if (!found) throw new Error(`docs/dead-letter.md has no command ${pattern}:\n${lines.join('\n')}`);
      return found;
    };

    const shown = await run(command(/^npm run dlq:show\s*(#|$)/), prelude);
    expect(shown).toMatch(/^1 message\(s\) in /m);
    expect(shown).toContain(`order=${order.orderId}`);

    const asJson = await run(command(/^npm run dlq:show -- --json/), prelude);
    const entries = JSON.parse(asJson.trim().split('\n').at(-1)!) as { orderId?: string }[];
    expect(entries.map((e) => e.orderId)).toEqual([order.orderId]);

    const redriven = await run(command(/^npm run dlq:redrive\s*(#|$)/), prelude);
    expect(redriven).toMatch(/^moved 1 message\(s\) to .*; reopened 1 FAILED order\(s\) for another run$/m);

    // The redriven message reached the processor, which ran the reopened order again.
    await waitFor(
      async () => ((await stored()).attempts > failed.attempts ? true : undefined),
      60000,
      'another attempt after the redrive',
    );
  });
});
