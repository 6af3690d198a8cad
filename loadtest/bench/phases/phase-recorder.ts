/**
 * A failed phase is a data point, not the end of the bench: an SDK request
 * timeout against a busy emulator, a process that would not start, wrk missing.
 * The error is recorded, the report says which phase failed and why, and the
 * remaining phases still run.
 */
import { Progress } from '../runtime/progress';

export interface PhaseFailure {
  readonly phase: string;
  readonly error: string;
  readonly seconds: number;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = error.message.split('\n')[0] || '(no message)';
  return error.name && error.name !== 'Error' ? `${error.name}: ${first}` : first;
}

export class PhaseRecorder {
  readonly failures: PhaseFailure[] = [];

  constructor(private readonly progress: Progress) {}

  /** Runs `work`; on an error records it under `phase` and returns undefined. */
  async attempt<T>(phase: string, work: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      const failure = { phase, error: describeError(error), seconds: (performance.now() - started) / 1000 };
      this.failures.push(failure);
      this.progress.note(
        `✗ ${phase} failed after ${failure.seconds.toFixed(1)} s: ${failure.error} (recorded; the bench goes on)`,
      );
      return undefined;
    }
  }
}
