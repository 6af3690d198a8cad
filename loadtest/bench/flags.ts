import { join, resolve } from 'node:path';
import { BenchOptions, Phase, PHASES } from './bench-options';
import { PRESETS } from './presets';
import { REPO_ROOT } from '@app/emulator';

/** Flag name → option key, parser and help. */
const FLAGS: Record<string, { key: keyof BenchOptions; parse: (v: string) => unknown; help: string }> = {
  users: { key: 'users', parse: int(1, 10000), help: 'locust users (both runs)' },
  'spawn-rate': { key: 'spawnRate', parse: num(0.1, 10000), help: 'users started per second' },
  duration: { key: 'durationSeconds', parse: int(1, 3600), help: 'seconds per locust run' },
  'compare-processing-ms': {
    key: 'compareProcessingMs',
    parse: int(0, 600000),
    help: 'PROCESSING_TIME_MS of the sync/async comparison',
  },
  'async-processor-concurrency': {
    key: 'asyncProcessorConcurrency',
    parse: int(1, 1000),
    help: 'PROCESSOR_CONCURRENCY while the async run is loaded',
  },
  'processor-during-load': {
    key: 'processorDuringLoad',
    parse: bool,
    help: "run the async phase's processor during the load, not after it",
  },
  concurrency: { key: 'concurrencies', parse: intList, help: 'sweep levels, e.g. 1,10,50,100,250,500' },
  'processing-ms': { key: 'processingMs', parse: int(1, 600000), help: 'PROCESSING_TIME_MS of the sweep' },
  'jitter-ms': { key: 'jitterMs', parse: int(0, 600000), help: 'PROCESSING_JITTER_MS of the sweep' },
  rounds: { key: 'rounds', parse: int(2, 100), help: 'orders preloaded per level = concurrency × rounds' },
  'max-preload': { key: 'maxPreload', parse: int(10, 100000), help: 'upper bound of orders per level' },
  'ceiling-seconds': {
    key: 'ceilingSeconds',
    parse: num(0.5, 600),
    help: 'seconds per emulator measurement',
  },
  'moto-port': { key: 'motoPort', parse: int(1, 65535), help: 'emulator port (reused if one answers)' },
  'dynamodb-port': {
    key: 'dynamodbPort',
    parse: int(0, 65535),
    help: 'DynamoDB emulator (ministack) port, reused if one answers; 0: moto serves DynamoDB too, as in CI',
  },
  'receiver-port': { key: 'receiverPort', parse: int(0, 65535), help: 'receiver port (0: free port)' },
  'processor-port': { key: 'processorPort', parse: int(0, 65535), help: 'processor port (0: free port)' },
  'liveness-seconds': {
    key: 'livenessSeconds',
    parse: int(1, 600),
    help: 'seconds of wrk on GET /health/live',
  },
  'open-loop-rate': {
    key: 'openLoopPerSecond',
    parse: int(1, 10000),
    help: 'fixed rate of the open-loop POST /orders/async run',
  },
  'open-loop-seconds': { key: 'openLoopSeconds', parse: int(1, 3600), help: 'seconds of the open-loop run' },
  'idle-concurrency': {
    key: 'idleConcurrency',
    parse: int(1, 1000),
    help: 'PROCESSOR_CONCURRENCY of the idle processor',
  },
  'idle-seconds': { key: 'idleSeconds', parse: int(1, 3600), help: 'seconds the idle processor is measured' },
  soak: {
    key: 'soak',
    parse: bool,
    help: 'run the memory soak (on in a full run; --soak=false to leave it out)',
  },
  'soak-orders': { key: 'soakOrders', parse: int(10, 1000000), help: 'orders the soak processes' },
  'soak-concurrency': {
    key: 'soakConcurrency',
    parse: int(1, 1000),
    help: 'PROCESSOR_CONCURRENCY of the soak',
  },
  'soak-processing-ms': {
    key: 'soakProcessingMs',
    parse: int(0, 600000),
    help: 'PROCESSING_TIME_MS of the soak',
  },
  out: { key: 'outDir', parse: (v) => resolve(v), help: 'report directory' },
  skip: { key: 'skip', parse: phaseList, help: `phases to leave out: ${PHASES.join(',')}` },
};

export const USAGE = [
  'npm run bench [-- options]     (npm run bench --quick works too)',
  '  --quick               about 5 minutes on 2 cores: shorter runs, fewer orders per level, no soak',
  '  --smoke               seconds per phase, sweep 1,5: checks the command works (used by the test suite)',
  ...Object.entries(FLAGS).map(([flag, { help }]) => `  --${flag.padEnd(28)}${help}`),
].join('\n');

export class UsageError extends Error {}

/**
 * Reads flags from argv (`--users 50` or `--users=50`) and, for `npm run bench --quick`
 * style calls, from the npm_config_* variables npm sets for flags before `--`.
 */
export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  now = new Date(),
): BenchOptions {
  const given = new Map<string, string>();
  for (const [name, flag] of [
    ['quick', 'quick'],
    ['smoke', 'smoke'],
    ...Object.keys(FLAGS).map((f) => [f, f]),
  ]) {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (value !== undefined && value !== '') given.set(flag, value);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${arg}`);
    const [, flag, inline] = match;
    if (flag === 'help') throw new UsageError('');
    if (flag === 'quick' || flag === 'smoke' || (FLAGS[flag]?.parse === bool && inline === undefined)) {
      given.set(flag, inline ?? 'true');
      continue;
    }
    if (!FLAGS[flag]) throw new UsageError(`unknown option --${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    given.set(flag, value);
  }
  const isOn = (flag: string) => given.has(flag) && given.get(flag) !== 'false';
  const mode = isOn('smoke') ? 'smoke' : isOn('quick') ? 'quick' : 'full';
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  const options: Record<string, unknown> = {
    mode,
    ...PRESETS[mode],
    outDir: join(REPO_ROOT, 'bench/results', stamp),
    skip: new Set<Phase>(),
  };
  for (const [flag, value] of given) {
    const spec = FLAGS[flag];
    if (!spec) continue;
    try {
      options[spec.key] = spec.parse(value);
    } catch (e) {
      throw new UsageError(`--${flag}: ${(e as Error).message}`);
    }
  }
  return options as unknown as BenchOptions;
}

function bool(value: string): boolean {
  if (value === 'true' || value === '') return true;
  if (value === 'false') return false;
  throw new Error(`expected true or false, got "${value}"`);
}

function num(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`expected a number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

function int(min: number, max: number) {
  return (value: string): number => {
    const n = num(min, max)(value);
    if (!Number.isInteger(n)) throw new Error(`expected a whole number, got "${value}"`);
    return n;
  };
}

function intList(value: string): number[] {
  const list = value.split(',').map((v) => int(1, 1000)(v.trim()));
  if (list.length === 0) throw new Error('expected at least one level');
  return [...new Set(list)].sort((a, b) => a - b);
}

function phaseList(value: string): Set<Phase> {
  const names = value.split(',').map((v) => v.trim());
  for (const name of names) {
    if (!(PHASES as readonly string[]).includes(name)) throw new Error(`unknown phase "${name}"`);
  }
  return new Set(names as Phase[]);
}
