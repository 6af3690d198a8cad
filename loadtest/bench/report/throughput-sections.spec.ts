import { AnchorResult } from '../phases/anchors';
import { LivenessResult } from '../phases/liveness';
import { BenchResults } from './results';
import { renderReceiver } from './throughput-sections';

const wrk = (requestsPerSecond: number, p99Ms: number): LivenessResult => ({
  requests: requestsPerSecond * 5,
  seconds: 5,
  requestsPerSecond,
  p50Ms: 1,
  p99Ms,
  errors: 0,
  connections: 50,
  threads: 2,
});
const anchor = (name: AnchorResult['name'], label: string, requestsPerSecond: number): AnchorResult => ({
  ...wrk(requestsPerSecond, 12.5),
  name,
  label,
});
const results = (receiver: BenchResults['receiver']) => ({ receiver }) as BenchResults;

describe(renderReceiver.name, () => {
  const anchors = [
    anchor('node-http', 'bare Node `http`', 50000),
    anchor('nest-fastify', 'NestJS on Fastify', 20000),
  ];

  it('lists each anchor beside the receiver, with the receiver’s share of each', () => {
    const sut = renderReceiver(results({ liveness: wrk(2500, 80), anchors })).join('\n');
    expect(sut).toContain('| **the receiver** (this build) | 2500 | 80.0 | 0 |  |');
    expect(sut).toContain('| bare Node `http` | 50000 | 12.5 | 0 | 0.05 × |');
    expect(sut).toContain('| NestJS on Fastify | 20000 | 12.5 | 0 | 0.13 × |');
    expect(sut).toContain('target ≥ 0.4 × NestJS on Fastify');
  });

  it('shows the anchors with no ratio when the receiver’s run failed', () => {
    const sut = renderReceiver(results({ anchors })).join('\n');
    expect(sut).toContain('| NestJS on Fastify | 20000 | 12.5 | 0 | – |');
    expect(sut).not.toContain('the receiver** (this build)');
  });

  it('leaves the table out when no anchor was measured', () => {
    expect(renderReceiver(results({ liveness: wrk(2500, 80), anchors: [] })).join('\n')).not.toContain(
      'Anchors',
    );
  });
});
