/** The bench's phases, in the order a run takes them; `--skip` names them. */
export const PHASES = ['ceiling', 'receiver', 'compare', 'sweep', 'idle', 'soak'] as const;
export type Phase = (typeof PHASES)[number];

/** Everything one benchmark run is parametrised by; `--help` lists the flags. */
export interface BenchOptions {
  readonly mode: 'full' | 'quick' | 'smoke';
  /** Locust users, spawn rate (users/s) and duration (s), the same for the sync and the async run. */
  readonly users: number;
  readonly spawnRate: number;
  readonly durationSeconds: number;
  /** PROCESSING_TIME_MS of the sync/async comparison (the async/sync target is stated at 3000). */
  readonly compareProcessingMs: number;
  /** PROCESSOR_CONCURRENCY of the processor that works the async run's orders. */
  readonly asyncProcessorConcurrency: number;
  /** Run that processor during the async load (default: start it when the load ends). */
  readonly processorDuringLoad: boolean;
  /** PROCESSOR_CONCURRENCY levels of the processor sweep. */
  readonly concurrencies: readonly number[];
  /** PROCESSING_TIME_MS and PROCESSING_JITTER_MS of the sweep. */
  readonly processingMs: number;
  readonly jitterMs: number;
  /** Orders preloaded per sweep level, in multiples of the concurrency ("rounds" of work per slot). */
  readonly rounds: number;
  readonly maxPreload: number;
  /** Seconds per emulator ceiling measurement. */
  readonly ceilingSeconds: number;
  /** Port of the emulator: reused when one already answers there, else started by the bench. */
  readonly motoPort: number;
  /** Port of the DynamoDB emulator (ministack), reused or started likewise; 0: moto serves DynamoDB too. */
  readonly dynamodbPort: number;
  /** Ports for the apps the bench starts (0: a free port). */
  readonly receiverPort: number;
  readonly processorPort: number;
  /** wrk against GET /health/live: seconds (50 connections). */
  readonly livenessSeconds: number;
  /** POST /orders/async at a fixed rate (open loop): requests/s and seconds. */
  readonly openLoopPerSecond: number;
  readonly openLoopSeconds: number;
  /** The idle processor: PROCESSOR_CONCURRENCY and seconds measured. */
  readonly idleConcurrency: number;
  readonly idleSeconds: number;
  /** The memory soak (on by default in a full run): orders, PROCESSOR_CONCURRENCY, PROCESSING_TIME_MS. */
  readonly soak: boolean;
  readonly soakOrders: number;
  readonly soakConcurrency: number;
  readonly soakProcessingMs: number;
  readonly outDir: string;
  readonly skip: ReadonlySet<Phase>;
}
