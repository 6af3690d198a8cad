import { ANCHORS, livenessRatio, TARGET_ANCHOR } from './anchors';
import { LivenessResult } from './liveness';

const run = (requestsPerSecond: number) => ({ requestsPerSecond }) as LivenessResult;

describe(livenessRatio.name, () => {
  it("divides the receiver's rate by the anchor's", () => {
    expect(livenessRatio(run(2500), run(40000))).toBeCloseTo(0.0625);
  });

  it('has no ratio without either run, or when the anchor answered nothing', () => {
    expect(livenessRatio(undefined, run(40000))).toBeUndefined();
    expect(livenessRatio(run(2500), undefined)).toBeUndefined();
    expect(livenessRatio(run(2500), run(0))).toBeUndefined();
  });
});

describe('ANCHORS', () => {
  it('includes the anchor the liveness target is a share of', () => {
    expect(ANCHORS.map((a) => a.name)).toContain(TARGET_ANCHOR);
  });
});
