import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Delay before the next receive after consecutive receive failures. sqs-consumer
 * re-polls at once after most errors, which would spin while SQS is down.
 */
export class ReceiveBackoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 200,
    private readonly maxMs = 5000,
  ) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  delayMs(): number {
    return this.failures === 0 ? 0 : Math.min(this.maxMs, this.baseMs * 2 ** (this.failures - 1));
  }

  failed(): void {
    this.failures++;
  }

  succeeded(): void {
    this.failures = 0;
  }

  async wait(): Promise<void> {
    const ms = this.delayMs();
    if (ms > 0) await sleep(ms);
  }
}
