/** Everything one run measured: written to results.json, read by the report and the charts. */
import { EmulatorCeiling } from '../phases/ceiling';
import { CompareResult } from '../phases/compare';
import { IdleResult } from '../phases/idle';
import { PhaseFailure } from '../phases/phase-recorder';
import { ReceiverLimits } from '../phases/receiver-limits';
import { SoakResult } from '../phases/soak';
import { SweepResult } from '../phases/sweep';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverageAtStart: number;
}

export interface BenchResults {
  readonly mode: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly commit: string;
  readonly machine: MachineInfo;
  readonly emulator: {
    /** What serves which service, where, started or reused (Emulator.describe). */
    readonly description: string;
    readonly dynamodbSeparate: boolean;
    /** True when every emulator was already running: their CPU is not measured. */
    readonly reused: boolean;
    readonly peakMiB?: number;
  };
  readonly options: Record<string, unknown>;
  readonly ceiling?: EmulatorCeiling;
  readonly receiver?: ReceiverLimits;
  readonly compare?: CompareResult;
  readonly sweep?: SweepResult;
  readonly idle?: IdleResult;
  readonly soak?: SoakResult;
  /** Phases that ended in an error: recorded, the rest of the run went on. */
  readonly failures: readonly PhaseFailure[];
  readonly charts: readonly string[];
}
