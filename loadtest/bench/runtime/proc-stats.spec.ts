import { parseProcStat, parseProcStatus, processTree, ProcStat } from './proc-stats';

describe(parseProcStat.name, () => {
  it('reads ppid and utime + stime after the command name', () => {
    const line =
      '4242 (node) S 4200 4242 4200 0 -1 4194304 5321 0 0 0 731 129 0 0 20 0 11 0 123456 1234567 2345 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ ppid: 4200, cpuTicks: 860 });
  });

  it('counts fields from the last parenthesis (a command name may hold spaces and parentheses)', () => {
    const line = '77 (python (moto) x) R 1 77 77 0 -1 0 0 0 0 0 5 7 0 0 20 0 1 0 1 1 1';
    expect(parseProcStat(line)).toEqual({ ppid: 1, cpuTicks: 12 });
  });

  it('refuses what is not a stat line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('1 (x) S')).toBeUndefined();
  });
});

describe(parseProcStatus.name, () => {
  it('reads resident memory and its peak in MiB', () => {
    expect(parseProcStatus('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n')).toEqual({
      rssMiB: 100,
      peakMiB: 200,
    });
  });
});

describe(processTree.name, () => {
  it('finds every descendant of the root, and only those', () => {
    const stats = new Map<number, ProcStat>([
      [10, { ppid: 1, cpuTicks: 0 }],
      [11, { ppid: 10, cpuTicks: 0 }],
      [12, { ppid: 11, cpuTicks: 0 }],
      [20, { ppid: 1, cpuTicks: 0 }],
    ]);
    expect(processTree(10, stats).sort()).toEqual([10, 11, 12]);
    expect(processTree(99, stats)).toEqual([]);
  });
});
