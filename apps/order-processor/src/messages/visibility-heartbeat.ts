import type { Message } from '@aws-sdk/client-sqs';

/**
 * Keeps the messages of running orders hidden: every message held longer than
 * the interval (a third of the visibility timeout) since its receive or last
 * extension gets its visibility set to the full timeout again. One timer for
 * all messages, ticking every half interval while any is held, so extensions
 * that fall due together go out together (ChangeMessageVisibilityBatch), and a
 * message is extended at most 1.5 intervals after the last time: half the
 * visibility timeout before it would show. Messages due within the next tick
 * go along with one that is due now. Orders shorter than the interval
 * cost no call at all.
 *
 * This replaces sqs-consumer's heartbeat, which with a batch handler runs per
 * receive batch and only until the handler returns.
 */
export class VisibilityHeartbeat {
  private readonly held = new Map<string, { readonly message: Message; extendedAt: number }>();
  private timer?: NodeJS.Timeout;
  readonly intervalMs: number;
  private readonly tickMs: number;

  constructor(
    private readonly visibilitySeconds: number,
    /** Sets the messages' visibility to `seconds` from now; handles its own failures. */
    private readonly extend: (messages: Message[], seconds: number) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = Math.max(1, Math.floor(visibilitySeconds / 3)) * 1000;
    this.tickMs = this.intervalMs / 2;
  }

  get size(): number {
    return this.held.size;
  }

  /** Starts keeping the message hidden, counting from its receive (now). */
  hold(message: Message): void {
    if (!message.ReceiptHandle) return;
    this.held.set(message.ReceiptHandle, { message, extendedAt: this.now() });
    this.timer ??= setInterval(() => this.tick(), this.tickMs);
  }

  /** Stops extending the message: it is being deleted, delayed or given back. */
  release(message: Message): void {
    if (message.ReceiptHandle) this.held.delete(message.ReceiptHandle);
    if (this.held.size === 0) this.stop();
  }

  /**
   * The held messages due for an extension at `now`, marked as extended. When
   * any is due, those that would fall due before the next tick go along, so the
   * extensions of messages received at different times fall into step.
   */
  takeDue(now = this.now()): Message[] {
    const entries = [...this.held.values()];
    if (!entries.some((e) => now - e.extendedAt >= this.intervalMs)) return [];
    const soon = entries.filter((e) => now - e.extendedAt >= this.intervalMs - this.tickMs);
    for (const entry of soon) entry.extendedAt = now;
    return soon.map((e) => e.message);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const due = this.takeDue();
    if (due.length > 0) this.extend(due, this.visibilitySeconds);
  }
}
