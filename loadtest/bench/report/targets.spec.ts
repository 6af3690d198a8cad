import { AnchorResult } from '../phases/anchors';
import { EmulatorCeiling } from '../phases/ceiling';
import { LivenessResult } from '../phases/liveness';
import { BenchResults } from './results';
import { SweepLevel } from '../phases/sweep';
import { evaluateTargets, sweepShare } from './targets';
import { EMPTY_RUN } from './test/bench-results.fixture';

const ceiling = { processOrdersPerSecond: 40, acceptOrdersPerSecond: 36 } as EmulatorCeiling;
const level = (concurrency: number, throughputPerSecond: number): SweepLevel =>
  ({ concurrency, boundPerSecond: concurrency, throughputPerSecond, efficiency: 0 }) as SweepLevel;

const wrk = (requestsPerSecond: number, errors = 0): LivenessResult => ({
  requests: requestsPerSecond * 10,
  seconds: 10,
  requestsPerSecond,
  p50Ms: 1,
  p99Ms: 5,
  errors,
  connections: 50,
  threads: 2,
});
const anchor = (name: AnchorResult['name'], requestsPerSecond: number): AnchorResult => ({
  ...wrk(requestsPerSecond),
  name,
  label: name,
});

const bare = EMPTY_RUN;

describe(sweepShare.name, () => {
  it('compares a level with C/T below the ceiling and with the ceiling above it', () => {
    expect(sweepShare(level(10, 9), ceiling)).toBeCloseTo(0.9);
    expect(sweepShare(level(250, 36), ceiling)).toBeCloseTo(0.9);
    expect(sweepShare(level(250, 36))).toBeCloseTo(0.144);
  });
});

describe(evaluateTargets.name, () => {
  it('lists every target of the table, not measured when its phase did not run', () => {
    const sut = evaluateTargets(bare);
    expect(sut).toHaveLength(11);
    expect(sut.every((t) => t.verdict === 'not measured')).toBe(true);
  });

  it('judges the sweep against the ceiling of the same run, and names the emulator as the wall', () => {
    const sweep = { processingMs: 1000, jitterMs: 0, levels: [level(10, 9.5), level(250, 37)] };
    const target = evaluateTargets({ ...bare, ceiling, sweep }).find((t) =>
      t.figure.startsWith('processor draining'),
    );
    expect(target).toMatchObject({ verdict: 'missed', limit: expect.stringContaining('40.0/s') });
    expect(target?.measured).toContain('C=10: 95 %, C=250: 93 %');
  });

  it('misses the sweep when a level failed, whatever its figure', () => {
    const fast = { processOrdersPerSecond: 500, acceptOrdersPerSecond: 400 } as EmulatorCeiling;
    const sweep = {
      processingMs: 1000,
      jitterMs: 0,
      levels: [level(10, 10), { ...level(250, 250), error: 'TimeoutError: Request timed out' }],
    };
    const target = evaluateTargets({ ...bare, ceiling: fast, sweep }).find((t) =>
      t.figure.startsWith('processor draining'),
    );
    expect(target?.verdict).toBe('missed');
  });

  it('meets the idle target at 300 requests a minute or fewer', () => {
    const idle = { concurrency: 1000, seconds: 30, requestsPerMinute: 240, byCall: {} };
    expect(evaluateTargets({ ...bare, idle }).find((t) => t.figure.includes('idle'))?.verdict).toBe('met');
  });

  it('misses the open-loop target when the emulator forced a lower rate, and says so', () => {
    const openLoop = {
      targetPerSecond: 18,
      seconds: 10,
      sent: 180,
      sentPerSecond: 18,
      errors: 0,
      p50Ms: 9,
      p99Ms: 20,
      maxMs: 30,
      errorsBy: {},
    };
    const target = evaluateTargets({ ...bare, receiver: { openLoop } }).find((t) =>
      t.figure.includes('open loop'),
    );
    expect(target).toMatchObject({ verdict: 'missed', limit: expect.stringContaining('18 req/s') });
  });

  it('names the AWS SDK and the calls per order as the limit of a missed receiver CPU target', () => {
    const async = (cpu: number) =>
      ({
        locust: { requestsPerSecond: 100, failures: 0 },
        intake: { orders: 100, cpuMsPerOrder: { receiver: cpu }, awsRequestsPerOrderTotal: 3 },
      }) as never;
    const receiverCpu = (cpu: number) =>
      evaluateTargets({ ...bare, compare: { async: async(cpu) } as never }).find((t) =>
        t.figure.startsWith('receiver CPU'),
      );
    expect(receiverCpu(4.8)).toMatchObject({
      verdict: 'missed',
      limit: expect.stringMatching(/AWS SDK, 3\.00 calls per order/),
    });
    expect(receiverCpu(2.9)).toMatchObject({ verdict: 'met', limit: undefined });
  });

  it("labels the receiver's CPU per order with whether the run's receiver checked tokens, and its key fetches", () => {
    const figure = (authenticated?: boolean, signingKeyFetches?: number) =>
      evaluateTargets({
        ...bare,
        compare: {
          async: {
            authenticated,
            signingKeyFetches,
            locust: { requestsPerSecond: 100, failures: 0 },
            intake: { orders: 100, cpuMsPerOrder: { receiver: 3.5 }, awsRequestsPerOrderTotal: 3 },
          },
        } as never,
      }).find((t) => t.figure.startsWith('receiver CPU'))?.figure;
    expect(figure(true)).toBe(
      'receiver CPU per order with authentication (keys cached), per accepted async order',
    );
    expect(figure(true, 1)).toBe(
      'receiver CPU per order with authentication (1 signing-key fetch in the load: keys cached, no call to the issuer per request), per accepted async order',
    );
    expect(figure(true, 3)).toMatch(/\(3 signing-key fetches in the load/);
    expect(figure(false)).toMatch(/without authentication/);
    expect(figure(undefined)).toBe('receiver CPU per accepted async order');
  });

  describe('liveness', () => {
    const anchors = [anchor('node-http', 70000), anchor('nest-fastify', 40000), anchor('nest-express', 7000)];
    const liveness = (receiver: BenchResults['receiver']) =>
      evaluateTargets({ ...bare, receiver }).find((t) => t.figure.includes('/health/live'));

    it('meets at 0.4 × the NestJS-on-Fastify anchor of the same run with 0 errors, whatever the other anchors', () => {
      expect(liveness({ liveness: wrk(16000), anchors })).toMatchObject({
        verdict: 'met',
        measured: '16000 req/s, 0 errors: 0.40 × 40000 req/s',
      });
    });

    it('misses below 0.4 × that anchor, even far above the bare Express ones', () => {
      expect(liveness({ liveness: wrk(15900), anchors })?.verdict).toBe('missed');
    });

    it('misses with errors, whatever the ratio', () => {
      expect(liveness({ liveness: wrk(30000, 1), anchors })?.verdict).toBe('missed');
    });

    it('is not measured without the receiver, the NestJS-on-Fastify anchor or a rate of that anchor', () => {
      expect(liveness({ anchors })?.verdict).toBe('not measured');
      expect(liveness({ liveness: wrk(16000), anchors: [anchor('node-http', 70000)] })?.verdict).toBe(
        'not measured',
      );
      expect(liveness({ liveness: wrk(16000) })?.verdict).toBe('not measured');
      expect(liveness({ liveness: wrk(16000), anchors: [anchor('nest-fastify', 0)] })?.verdict).toBe(
        'not measured',
      );
    });
  });
});
