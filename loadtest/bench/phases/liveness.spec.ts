import { parseWrk } from './liveness';

const OUTPUT = `Running 5s test @ http://127.0.0.1:3000/health/live
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    47.12ms    5.01ms  80.00ms   90.00%
    Req/Sec   530.12     50.00   600.00     70.00%
  Latency Distribution
     50%  920.00us
     75%   48.00ms
     90%   52.00ms
     99%    1.20s
  5300 requests in 5.01s, 1.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 12
  Non-2xx or 3xx responses: 3
Requests/sec:   1057.12
Transfer/sec:    245.00KB
`;

describe(parseWrk.name, () => {
  it('reads the rate, the percentiles in any unit and every kind of error', () => {
    expect(parseWrk(OUTPUT)).toEqual({
      requests: 5300,
      seconds: 5.01,
      requestsPerSecond: 1057.12,
      p50Ms: 0.92,
      p99Ms: 1200,
      errors: 17,
    });
  });

  it('counts no errors when wrk reports none', () => {
    const clean = OUTPUT.replace(/ {2}Socket errors.*\n {2}Non-2xx.*\n/, '');
    expect(parseWrk(clean).errors).toBe(0);
  });

  it('fails on output without a summary', () => {
    expect(() => parseWrk('unable to connect to 127.0.0.1:3000 Connection refused')).toThrow(/no summary/);
  });
});
