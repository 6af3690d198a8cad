import { DOCUMENTED_DEFAULTS } from '../capacity/capacity-constants';
import { CompareResult } from '../phases/compare';
import { SweepLevel } from '../phases/sweep';
import { PhaseUsage } from '../usage/phase-usage';
import { renderCapacity, runInputs } from './capacity-section';
import { BenchResults } from './results';
import { EMPTY_RUN } from './test/bench-results.fixture';

const bare = EMPTY_RUN;

const usage = (cpuMsPerOrder: PhaseUsage['cpuMsPerOrder'], awsRequestsPerOrder: Record<string, number>) =>
  ({ orders: 500, cpuMsPerOrder, awsRequestsPerOrder }) as PhaseUsage;

const measuredRun: BenchResults = {
  ...bare,
  compare: {
    async: {
      intake: usage({ receiver: 4 }, { 'dynamodb PutItem': 1, 'sns Publish': 1, 'dynamodb UpdateItem': 1 }),
    },
  } as CompareResult,
  sweep: {
    processingMs: 1000,
    jitterMs: 0,
    levels: [
      { concurrency: 10, usage: usage({ processor: 20 }, { 'dynamodb UpdateItem': 2 }) },
      {
        concurrency: 500,
        usage: usage({ processor: 6 }, { 'dynamodb UpdateItem': 2.1, 'sqs ReceiveMessage': 0.2 }),
      },
    ] as SweepLevel[],
  },
};

describe(runInputs.name, () => {
  it("takes the receiver's figures from the async intake and the processor's from the sweep at load", () => {
    const sut = runInputs(measuredRun);
    expect(sut.fellBack).toEqual([]);
    expect(sut.perOrder.receiverCpuMsPerOrder).toMatchObject({ value: 4, source: { kind: 'measured' } });
    expect(sut.perOrder.processorCpuMsPerOrder.value).toBe(6);
    expect(sut.perOrder.processorCpuMsPerOrder.source).toMatchObject({
      what: expect.stringContaining('C=500'),
    });
    expect(sut.perOrder.processingRequests.perOrder).toEqual({
      'dynamodb UpdateItem': 2.1,
      'sqs ReceiveMessage': 0.2,
    });
  });

  it('falls back to the documented defaults for what the run did not measure, and names them', () => {
    const sut = runInputs(bare);
    expect(sut.perOrder.receiverCpuMsPerOrder).toBe(DOCUMENTED_DEFAULTS.receiverCpuMsPerOrder);
    expect(sut.perOrder.processingRequests).toBe(DOCUMENTED_DEFAULTS.processingRequests);
    expect(sut.fellBack).toEqual([
      'receiver CPU per accepted async order',
      'processor CPU per processed order',
      'AWS requests per accepted async order',
      'AWS requests per processed order',
    ]);
  });
});

describe(renderCapacity.name, () => {
  it('says which inputs came from docs/capacity.md, and plans both rates', () => {
    const sut = renderCapacity({ ...bare, sweep: measuredRun.sweep }).join('\n');
    expect(sut).toContain('## Capacity plan');
    expect(sut).toContain(
      '**Not measured in this run, taken from docs/capacity.md:** receiver CPU per accepted async order; ' +
        'AWS requests per accepted async order.',
    );
    expect(sut).toContain('| figure | 1,000/s | 10,000/s | how | from |');
    expect(sut).toMatch(/\| receiver tasks \| 18 tasks \| 177 tasks \|/);
  });

  it('says so when every input was measured', () => {
    expect(renderCapacity(measuredRun).join('\n')).toContain(
      'Every per-order input below was measured in this run.',
    );
  });
});
