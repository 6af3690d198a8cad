import { loadStackConfig, RECEIVER_CPU_TARGET_PERCENT } from '../../../infra/config/stack-config';
import { assumed, AWS_LIMITS, measured, snsPublishQuota, STACK, STACK_SCALING } from './capacity-constants';
import {
  CapacityInputs,
  capacityPlan,
  ceilCount,
  documentedInputs,
  dynamoUnitsPerOrder,
  littlesLaw,
  quotaVerdict,
  splitTasks,
} from './capacity-plan';

/** Round figures, so the expectations below can be worked out by hand. */
function inputs(ordersPerSecond: number, overrides: Partial<CapacityInputs> = {}): CapacityInputs {
  return {
    ordersPerSecond,
    receiverCpuMsPerOrder: measured(6, 'receiver'),
    processorCpuMsPerOrder: measured(9, 'processor'),
    intakeRequests: {
      perOrder: { 'dynamodb PutItem': 1, 'sns Publish': 1, 'dynamodb UpdateItem': 1 },
      source: { kind: 'measured', what: 'intake' },
    },
    processingRequests: {
      perOrder: { 'dynamodb UpdateItem': 2, 'dynamodb GetItem': 0.5, 'sqs ReceiveMessage': 0.25 },
      source: { kind: 'measured', what: 'processing' },
    },
    fulfilmentSeconds: assumed(2, 'T'),
    ...overrides,
  };
}

describe(capacityPlan.name, () => {
  // 1,000 orders/s at 6 ms: 6 vCPU busy, / 60 % = 10 vCPU, / 0.5 vCPU per task = 20 tasks.
  it('sizes the receiver from its CPU per order at the CPU target, rounding tasks up', () => {
    const sut = capacityPlan(inputs(1000)).receiver;
    expect(sut.busyVcpu.value).toBeCloseTo(6);
    expect(sut.vcpu.value).toBeCloseTo(10);
    expect(sut.tasks.value).toBe(20);
    // 1,010 orders/s: 10.1 vCPU → 20.2 tasks → 21.
    expect(capacityPlan(inputs(1010)).receiver.tasks.value).toBe(21);
  });

  it('counts the tasks the request-count policy would start: R × 60 / 1,000 per task per minute', () => {
    expect(capacityPlan(inputs(1000)).receiver.tasksByRequestPolicy.value).toBe(60);
    expect(capacityPlan(inputs(10)).receiver.tasksByRequestPolicy.value).toBe(1);
  });

  it("holds R × T orders in flight (Little's law) and splits them over the processor tasks", () => {
    // 9 ms × 1,000/s = 9 vCPU busy, 15 at 60 %, 30 tasks; 1,000/s × 2 s = 2,000 in flight, 67 per task.
    const sut = capacityPlan(inputs(1000)).processor;
    expect(sut.inFlight.value).toBe(2000);
    expect(sut.cpuTasks.value).toBe(30);
    expect(sut.concurrencyTasks.value).toBe(2);
    expect(sut.tasks.value).toBe(30);
    expect(sut.concurrencyPerTask.value).toBe(67);
    // ceil(67 / 10) = 7 long polls per task; with an empty queue each returns every 20 s.
    expect(sut.longPolls.value).toBe(210);
    expect(sut.idleReceivesPerSecond.value).toBeCloseTo(10.5);
  });

  it('adds tasks when the orders in flight exceed what PROCESSOR_CONCURRENCY allows per task', () => {
    // 1,000/s × 60 s = 60,000 in flight; at most 1,000 per task → 60 tasks, more than the 30 for CPU.
    const sut = capacityPlan(inputs(1000, { fulfilmentSeconds: assumed(60, 'T') })).processor;
    expect(sut.concurrencyTasks.value).toBe(60);
    expect(sut.tasks.value).toBe(60);
    expect(sut.concurrencyPerTask.value).toBe(1000);
  });

  it('counts receives and deletes as measured, but never fewer than one per 10 messages', () => {
    // 0.25 receives per order measured: 250/s. No delete measured: at least R / 10 = 100/s.
    const sut = capacityPlan(inputs(1000)).traffic;
    expect(sut.sqsReceivesPerSecond.value).toBe(250);
    expect(sut.sqsDeletesPerSecond.value).toBe(100);
    expect(sut.sqsRequestsPerSecond.value).toBe(350);
    const fuller = capacityPlan(
      inputs(1000, {
        processingRequests: {
          perOrder: { 'sqs ReceiveMessage': 0.05 },
          source: { kind: 'measured', what: 'x' },
        },
      }),
    ).traffic;
    expect(fuller.sqsReceivesPerSecond.value).toBe(100);
  });

  it('publishes one SNS message per order and counts DynamoDB units of intake and processing', () => {
    // Units per order: PutItem 1 + UpdateItem 1 + 2 × UpdateItem = 4 writes; 0.5 GetItem = 0.5 reads.
    const sut = capacityPlan(inputs(2500)).traffic;
    expect(sut.snsMessagesPerSecond.value).toBe(2500);
    expect(sut.snsRequestsPerSecond.value).toBe(2500);
    expect(sut.dynamoWriteUnitsPerSecond.value).toBe(10_000);
    expect(sut.dynamoReadUnitsPerSecond.value).toBe(1250);
    // 10,000 writes/s from a new table's 4,000: log2(2.5) → 2 doublings of 30 minutes.
    expect(sut.dynamoRampMinutes.value).toBe(60);
    expect(capacityPlan(inputs(1000)).traffic.dynamoRampMinutes.value).toBe(0);
  });

  it('bills the largest ALB dimension: processed bytes at these sizes', () => {
    // 1,000/s × 1,800 bytes × 3,600 s = 6.48 GB/h = 6.48 LCU; 10 new connections/s = 0.4 LCU;
    // 10/s × 60 s = 600 active = 0.2 LCU; one rule, under the 10 free ones.
    const sut = capacityPlan(inputs(1000)).alb;
    expect(sut.newConnectionsPerSecond.value).toBe(10);
    expect(sut.activeConnections.value).toBe(600);
    expect(sut.processedGbPerHour.value).toBeCloseTo(6.48);
    expect(sut.ruleEvaluationsPerSecond.value).toBe(0);
    expect(sut.lcu.value).toBeCloseTo(6.48);
  });

  it('checks each quota: over, near (above 80 %) or within', () => {
    const sut = capacityPlan(inputs(10_000));
    const verdict = (name: string) => sut.quotas.find((q) => q.quota === name)?.verdict;
    // 10,000 × 4 = 40,000 write units/s: exactly the table quota (near), 10× a new table's (over).
    expect(verdict('DynamoDB table write throughput')).toBe('near');
    expect(verdict('DynamoDB new on-demand table, writes at once')).toBe('over');
    expect(verdict('SNS messages published per second')).toBe('within');
    expect(verdict('SQS in-flight messages per queue')).toBe('within');
    expect(verdict('Fargate On-Demand vCPU')).toBe('over');
    const slow = capacityPlan(inputs(10_000, { fulfilmentSeconds: assumed(15, 'T') }));
    expect(slow.quotas.find((q) => q.quota === 'SQS in-flight messages per queue')).toMatchObject({
      share: 1.25,
      verdict: 'over',
    });
  });

  it('adds up the Fargate vCPU each capacity provider needs', () => {
    // Receiver 20 tasks: 2 base + 9 of the other 18 on FARGATE, 9 Spot. Processor 30: 1 + ceil(29 / 5) = 7 on
    // FARGATE, 23 Spot. vCPU: (11 + 7) × 0.5 = 9 on-demand, (9 + 23) × 0.5 = 16 Spot.
    const sut = capacityPlan(inputs(1000));
    expect(sut.receiver.onDemandTasks.value).toBe(11);
    expect(sut.processor.onDemandTasks.value).toBe(7);
    expect(sut.quotas.find((q) => q.quota === 'Fargate On-Demand vCPU')?.need.value).toBe(9);
    expect(sut.quotas.find((q) => q.quota === 'Fargate Spot vCPU')?.need.value).toBe(16);
  });

  it('sets INFRA_RECEIVER_REQUESTS_PER_TARGET so that a task gets 80 % of it at the planned task count', () => {
    // 1,000/s × 60 over 20 tasks = 3,000 requests per task per minute; / 0.8 = 3,750.
    const sut = capacityPlan(inputs(1000)).receiver;
    expect(sut.requestTarget.value).toBe(3750);
    // At that target the request-count policy asks for 16 tasks, fewer than the 20 for CPU.
    expect(Math.ceil((1000 * 60) / sut.requestTarget.value)).toBeLessThan(sut.tasks.value);
    expect(capacityPlan(inputs(1010)).receiver.requestTarget.value).toBe(3608); // 60,600 / 21 / 0.8 = 3,607.1
  });

  it("compares the settings needed with infra's defaults and the variable's range", () => {
    const [receiver, requests, processor, concurrency] = capacityPlan(inputs(1000)).scaling;
    expect(receiver).toMatchObject({
      setting: 'INFRA_RECEIVER_MAX_COUNT',
      enough: { prod: false, setting: true },
    });
    expect(requests).toMatchObject({
      setting: 'INFRA_RECEIVER_REQUESTS_PER_TARGET',
      needed: { value: 3750 },
      prodDefault: 1000,
      settingMax: 1_000_000,
      enough: { prod: false, setting: true },
    });
    expect(requests.note).toContain('asks for 60 tasks, more than the 20 the CPU needs');
    expect(processor).toMatchObject({ needed: { value: 30 }, prodDefault: 20, enough: { prod: false } });
    expect(concurrency).toMatchObject({ setting: 'INFRA_PROCESSOR_CONCURRENCY', needed: { value: 67 } });
  });

  it('prices a month of 730 hours and sums the lines', () => {
    const sut = capacityPlan(inputs(1000));
    const cost = (item: string) => sut.monthlyCost.find((l) => l.item.startsWith(item))!.value;
    // One task: 0.5 × $0.04048 + 1 × $0.004445 = $0.024685 an hour; 20 tasks × 730 h.
    expect(cost('receiver tasks')).toBeCloseTo(20 * 0.024685 * 730);
    // 1,000 Publish/s × 2,628,000 s = 2,628 million requests × $0.50.
    expect(cost('SNS requests')).toBeCloseTo(1314);
    // 4,000 write units/s × 2.628 million s × $0.625 per million.
    expect(cost('DynamoDB write units')).toBeCloseTo(6570);
    // 1,000/s × 4,000 bytes × 2,628,000 s = 10,512 GB × $0.045.
    expect(cost('NAT gateway')).toBeCloseTo(473.04);
    // ($0.0225 + 6.48 × $0.008) × 730.
    expect(cost('ALB')).toBeCloseTo(54.2682);
    const sum = sut.monthlyCost.reduce((a, l) => a + l.value, 0);
    expect(sut.monthlyTotal.value).toBeCloseTo(sum);
  });

  it('carries the provenance of every input into the figures computed from them', () => {
    const sut = capacityPlan(inputs(1000));
    expect(sut.receiver.tasks.basis).toEqual(
      expect.arrayContaining([
        { kind: 'measured', what: 'receiver' },
        STACK.cpuTargetPercent.source,
        STACK.taskVcpu.source,
      ]),
    );
    expect(sut.quotas[0].limit.source).toMatchObject({ kind: 'aws-docs' });
    expect(sut.monthlyTotal.basis.length).toBeGreaterThan(5);
  });

  it('plans 10,000 orders/s from the documented figures', () => {
    // 5.3 ms: 53 vCPU busy, 88.3 at 60 %, 177 tasks; 7.8 ms: 78 busy, 130, 260 tasks.
    const sut = capacityPlan(documentedInputs(10_000));
    expect(sut.receiver.tasks.value).toBe(177);
    expect(sut.processor.tasks.value).toBe(260);
    expect(sut.processor.concurrencyPerTask.value).toBe(116);
    // 600,000 requests per minute over 177 tasks, 3,389.8 each, / 0.8.
    expect(sut.receiver.requestTarget.value).toBe(4238);
  });
});

describe(ceilCount.name, () => {
  it('rounds up, but not over floating-point noise', () => {
    expect(ceilCount(2.01)).toBe(3);
    expect(ceilCount((0.1 * 3) / 0.1)).toBe(3); // 3.0000000000000004
    expect(ceilCount(7.8 / 0.6 / 0.5)).toBe(26); // 26.000000000000004
    expect(ceilCount(0)).toBe(0);
  });
});

describe(littlesLaw.name, () => {
  it('multiplies the rate by the time in the system', () => {
    expect(littlesLaw(10_000, 3)).toBe(30_000);
  });
});

describe(splitTasks.name, () => {
  it('puts the base on FARGATE and the rest by weight, on-demand rounded up', () => {
    expect(splitTasks(26, { fargateBase: 1, fargateWeight: 1, spotWeight: 4 })).toEqual({
      onDemand: 6,
      spot: 20,
    });
    expect(splitTasks(27, { fargateBase: 1, fargateWeight: 1, spotWeight: 4 })).toEqual({
      onDemand: 7,
      spot: 20,
    });
    expect(splitTasks(1, { fargateBase: 2, fargateWeight: 1, spotWeight: 1 })).toEqual({
      onDemand: 1,
      spot: 0,
    });
  });
});

describe(quotaVerdict.name, () => {
  it('is near above the margin and over above the limit', () => {
    expect(quotaVerdict(0.8, 0.8)).toBe('within');
    expect(quotaVerdict(0.81, 0.8)).toBe('near');
    expect(quotaVerdict(1, 0.8)).toBe('near');
    expect(quotaVerdict(1.01, 0.8)).toBe('over');
  });
});

describe(snsPublishQuota.name, () => {
  it('is higher in us-east-1 than elsewhere, and adjustable', () => {
    expect(snsPublishQuota('us-east-1').value).toBe(30_000);
    expect(snsPublishQuota('eu-west-1').value).toBe(9_000);
    expect(snsPublishQuota('eu-central-1').value).toBe(1_500);
    expect(snsPublishQuota('eu-north-1').value).toBe(300);
    expect(snsPublishQuota('us-east-1')).toMatchObject({
      adjustable: true,
      raise: expect.stringContaining('L-F8E2BA85'),
    });
  });
});

describe(dynamoUnitsPerOrder.name, () => {
  it('counts write and read units of DynamoDB calls only', () => {
    expect(
      dynamoUnitsPerOrder({
        'dynamodb PutItem': 1,
        'dynamodb GetItem': 0.2,
        'sns Publish': 1,
        'sqs ReceiveMessage': 3,
      }),
    ).toEqual({ write: 1, read: 0.2 });
  });
});

/** The plan's view of the stack: infra/'s own values, and the ranges of the variables it restates. */
describe('STACK', () => {
  it('plans on the prod defaults of infra/config/stack-config.ts', () => {
    const prod = loadStackConfig({ INFRA_ENVIRONMENT: 'prod' });
    expect(STACK.cpuTargetPercent.value).toBe(RECEIVER_CPU_TARGET_PERCENT);
    expect(STACK.requestsPerTargetPerMinute.value).toBe(prod.receiver.targetRequestsPerTask);
    expect(STACK.taskVcpu.value).toBe(0.5);
    expect(STACK.receiverSplit).toEqual(prod.receiver.capacity);
    expect(STACK_SCALING.receiver).toMatchObject({ dev: 4, prod: prod.receiver.maxCount });
  });

  it('has the range of the INFRA_* settings: the largest accepted, one more refused', () => {
    for (const s of Object.values(STACK_SCALING)) {
      expect(() => loadStackConfig({ [s.setting]: String(s.settingMax) })).not.toThrow();
      expect(() => loadStackConfig({ [s.setting]: String(s.settingMax + 1) })).toThrow(s.setting);
    }
  });

  it('reads PROCESSOR_CONCURRENCY’s maximum from the processor schema', () => {
    expect(STACK.processorConcurrencyMax.value).toBe(1000);
    expect(AWS_LIMITS.sqsMessagesPerReceive.value).toBe(10);
  });
});
