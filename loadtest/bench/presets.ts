import type { BenchOptions } from './bench-options';

/** The settings of each mode (a full run, --quick, --smoke) that the flags start from. */
type Preset = Omit<BenchOptions, 'mode' | 'outDir' | 'skip'>;

/** A full run: every phase at the sizes the targets in docs/load-testing.md are stated for. */
const FULL: Preset = {
  users: 50,
  spawnRate: 10,
  durationSeconds: 60,
  compareProcessingMs: 3000,
  asyncProcessorConcurrency: 250,
  processorDuringLoad: false,
  concurrencies: [1, 10, 50, 100, 250, 500],
  processingMs: 1000,
  jitterMs: 0,
  rounds: 6,
  maxPreload: 5000,
  ceilingSeconds: 8,
  motoPort: 4566,
  dynamodbPort: 4567,
  receiverPort: 0,
  processorPort: 0,
  livenessSeconds: 10,
  openLoopPerSecond: 100,
  openLoopSeconds: 30,
  idleConcurrency: 1000,
  idleSeconds: 60,
  soak: true,
  soakOrders: 10000,
  soakConcurrency: 100,
  soakProcessingMs: 100,
};

export const PRESETS: Record<BenchOptions['mode'], Preset> = {
  full: FULL,
  /** The same phases, shorter and smaller, and no soak. */
  quick: {
    ...FULL,
    spawnRate: 25,
    durationSeconds: 15,
    rounds: 2,
    maxPreload: 1000,
    ceilingSeconds: 3,
    livenessSeconds: 5,
    openLoopSeconds: 10,
    idleSeconds: 30,
    soak: false,
  },
  /** Every phase for a moment, with a few orders: proves the bench runs (its e2e spec). */
  smoke: {
    users: 4,
    spawnRate: 4,
    // Long enough for a first answer on a busy machine (a cold receiver, locust starting up).
    durationSeconds: 6,
    compareProcessingMs: 200,
    asyncProcessorConcurrency: 10,
    processorDuringLoad: false,
    concurrencies: [1, 5],
    processingMs: 200,
    jitterMs: 0,
    rounds: 3,
    maxPreload: 100,
    ceilingSeconds: 1,
    motoPort: 4566,
    dynamodbPort: 4567,
    receiverPort: 0,
    processorPort: 0,
    livenessSeconds: 1,
    openLoopPerSecond: 20,
    openLoopSeconds: 2,
    idleConcurrency: 50,
    idleSeconds: 2,
    soak: true,
    soakOrders: 60,
    soakConcurrency: 10,
    soakProcessingMs: 50,
  },
};
