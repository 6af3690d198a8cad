import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AppPrincipal, MESSAGING_SETTINGS } from '@app/aws-resources';
import {
  AppProcess,
  distinctCalls,
  httpGet,
  orderStatusPath,
  postJson,
  readRecordedCalls,
  testOrder,
  waitFor,
} from '@app/testing';
import {
  describePermission,
  IdentityPolicy,
  missingPermissions,
  requiredPermissions,
  unusedGrants,
} from '../../../infra/lib/policy-check';
import {
  policyReferences,
  synthesizedTaskPolicy,
  synthOrdersStack,
} from '../../../infra/testing/orders-stack';
import { ProcessorHarness } from './processor-harness';

/**
 * The proving ground for IAM: both real apps, each recording every AWS call it
 * makes (AWS_CALL_LOG_FILE), are driven through every flow that calls AWS;
 * then each recorded call is checked against that app's task-role policy as
 * `infra/` synthesizes it, KMS included (the topic, queues and table are
 * encrypted with the environment key, and AWS uses the key with the caller's
 * permissions). moto enforces no IAM here: this spec is what would have caught
 * the processor's missing sqs:SendMessage on its own queue.
 */
describe('IAM: every AWS call of both apps is allowed by the task-role policy infra deploys (e2e, moto)', () => {
  let h: ProcessorHarness;
  const logDir = mkdtempSync(join(tmpdir(), 'aws-calls-'));
  const callLog = (app: AppPrincipal) => join(logDir, `${app}.jsonl`);
  const dlqCallLog = join(logDir, 'dlq-command.jsonl');
  const failing = testOrder();
  const malformed = '{"orderId":"m-1","items":"not a list"}';
  const interrupted = testOrder();
  let receiver: AppProcess;

  const startProcessor = (overrides: Record<string, string | number>) =>
    h.startProcessor({ AWS_CALL_LOG_FILE: callLog('order-processor'), PROCESSING_TIME_MS: 50, ...overrides });
  const stopGracefully = async (processor: AppProcess) => {
    processor.kill('SIGTERM');
    expect(await processor.exited).toEqual({ code: 0, signal: null });
  };

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('receiver: sync and async orders, reads, readiness', async () => {
    receiver = await h.startReceiver({
      AWS_CALL_LOG_FILE: callLog('order-receiver'),
      PROCESSING_TIME_MS: 50,
    });
    const sync = await postJson(`${receiver.url}/orders/sync`, testOrder(), { token: h.token });
    expect(sync.status).toBe(200);
    expect(await sync.json()).toMatchObject({ status: 'COMPLETED' });
    expect((await postJson(`${receiver.url}/orders/async`, failing, { token: h.token })).status).toBe(202);
    expect((await httpGet(`${receiver.url}${orderStatusPath(failing)}`, { token: h.token })).status).toBe(
      200,
    );
    const unknown = orderStatusPath({ customerId: failing.customerId, orderId: 'no-such-order' });
    expect((await httpGet(`${receiver.url}${unknown}`, { token: h.token })).status).toBe(404);
    expect((await fetch(`${receiver.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${receiver.url}/metrics`)).text()).toMatch(
      // The async order, and the sync order's backstop message.
      /^aws_requests_total\{service="sns",operation="Publish"\} 2$/m,
    );
  });

  it('processor: an order failing every attempt and a malformed message end in the dead-letter queue', async () => {
    const processor = await startProcessor({ FAILURE_RATE: 1 });
    await h.send(malformed);
    await h.waitForStatus(failing, 'FAILED', 60000);
    await waitFor(async () => ((await h.peekDeadLetters()).length === 2 ? true : undefined));
    // The sync order's backstop is held until its lease would have ended; let this processor drop
    // it (the order is COMPLETED) so the receives counted below cannot push it to the DLQ too.
    await waitFor(() => h.queueIsEmpty(), 30000, 'the queue drained (the backstop dropped)');
    expect((await fetch(`${processor.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${processor.url}/metrics`)).text()).toMatch(
      /^aws_requests_total\{service="sqs",operation="SendMessage"\} 2$/m,
    );
    await stopGracefully(processor);
  });

  it('processor: an order interrupted on its last receive is requeued as a fresh copy', async () => {
    await h.send(interrupted);
    // Use up all receives but the last, as earlier interrupted attempts would have. Counted by SQS,
    // not by this loop: the long poll of the processor stopped above may still have taken one.
    await waitFor(async () => {
      // Other messages may be queued too (the sync order's backstop, held until its hold passes).
      const { Messages = [] } = await h.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: h.locations.queueUrl,
          VisibilityTimeout: 0,
          WaitTimeSeconds: 1,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      const mine = Messages.find((m) => m.Body?.includes(interrupted.orderId));
      const count = Number(mine?.Attributes?.ApproximateReceiveCount ?? 0);
      return count >= MESSAGING_SETTINGS.maxReceiveCount - 1 ? true : undefined;
    });
    const processor = await startProcessor({ PROCESSING_TIME_MS: 4000, SHUTDOWN_TIMEOUT_MS: 300 });
    await waitFor(async () =>
      processor.lines('order processing started', interrupted.orderId).length > 0 ? true : undefined,
    );
    await stopGracefully(processor);
    expect(processor.lines('message requeued as a fresh copy on its last receive')).toHaveLength(1);
  });

  it('processor: completes the requeued order and, after a redrive, the failed one', async () => {
    const processor = await startProcessor({});
    await h.waitForStatus(interrupted, 'COMPLETED');
    expect(await h.dlq('redrive', { AWS_CALL_LOG_FILE: dlqCallLog })).toMatchObject({
      moved: 2,
      reopened: 1,
    });
    await h.waitForStatus(failing, 'COMPLETED');
    await stopGracefully(processor);
  });

  it('receiver: a publish SNS refuses removes the order it stored', async () => {
    await h.clients.sns.send(new DeleteTopicCommand({ TopicArn: h.locations.topicArn }));
    // A missing topic is a refusal (a fault of the deployment), not an outage: 500, not 503.
    expect((await postJson(`${receiver.url}/orders/async`, testOrder(), { token: h.token })).status).toBe(
      500,
    );
  });

  describe('against the policies synthesized by infra (dev)', () => {
    const stack = synthOrdersStack({ INFRA_ENVIRONMENT: 'dev' });
    const references = policyReferences(stack);
    const apps: AppPrincipal[] = ['order-receiver', 'order-processor'];
    const checked = () =>
      apps.map((app) => {
        const calls = readRecordedCalls(callLog(app));
        return {
          app,
          calls,
          ...requiredPermissions(calls, references),
          policy: synthesizedTaskPolicy(stack, app),
        };
      });
    const missingIn = (
      app: AppPrincipal,
      policy: IdentityPolicy,
      required: Parameters<typeof missingPermissions>[1],
    ) => missingPermissions(policy, required).map((need) => `${app} lacks ${describePermission(need)}`);

    it('allows every recorded call, and the KMS actions on the key of each encrypted resource', () => {
      const results = checked();
      for (const { app, calls } of results) {
        console.log(`${app} called:\n  ${distinctCalls(calls).join('\n  ')}`);
        expect(calls.length).toBeGreaterThan(0);
      }
      expect(results.flatMap(({ problems }) => problems)).toEqual([]);
      expect(results.flatMap(({ app, policy, permissions }) => missingIn(app, policy, permissions))).toEqual(
        [],
      );
    });

    it('grants nothing the recorded calls did not need (least privilege), so every statement is needed', () => {
      const results = checked();
      const unused = results.flatMap(({ app, policy, permissions }) =>
        unusedGrants(policy, permissions).map((g) => `${app}: ${g.action} on ${g.resource} (${g.sid})`),
      );
      console.log(`granted but never used:\n  ${unused.join('\n  ') || '(none)'}`);
      expect(unused).toEqual([]);
      // Removing any one statement must make a recorded call fail.
      const removable = results.flatMap(({ app, policy, permissions }) =>
        policy.Statement.filter(
          (statement) =>
            missingIn(app, { Statement: policy.Statement.filter((s) => s !== statement) }, permissions)
              .length === 0,
        ).map((statement) => `${app}: ${statement.Sid}`),
      );
      expect(removable).toEqual([]);
    });

    it("lists what the dlq command needs: it runs with an operator's credentials, not a task role", () => {
      const calls = readRecordedCalls(dlqCallLog);
      const { permissions, problems } = requiredPermissions(calls, references);
      console.log(
        `dlq redrive needs (docs/dead-letter.md):\n  ${permissions.map(describePermission).join('\n  ')}`,
      );
      expect(calls.length).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    });
  });
});
