/** SQS batch calls (DeleteMessageBatch, ChangeMessageVisibilityBatch) take at most 10 entries. */
export const SQS_MAX_BATCH_ENTRIES = 10;

/** One entry's fate in a batch call, as SQS reports it in `Successful` / `Failed`. */
export type BatchEntryResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly senderFault: boolean };

/**
 * An entry SQS refused inside a batch whose call as a whole succeeded. Named by
 * its SQS code and carrying `$fault`, so classifyAwsError reads it as it would
 * the single call's error: a sender fault is a rejection, a server fault retryable.
 */
export class BatchEntryError extends Error {
  readonly $fault: 'client' | 'server';

  constructor(
    readonly code: string,
    message: string,
    readonly senderFault: boolean,
  ) {
    super(`${code}: ${message}`);
    this.name = code;
    this.$fault = senderFault ? 'client' : 'server';
  }
}

export interface BatchCoalescerOptions {
  /** Entries per call (SQS: 10). */
  readonly maxEntries: number;
  /** How long the first entry waits for company before a partial batch goes out. */
  readonly lingerMs: number;
  /** Times an entry that failed by a server fault is sent again before its caller gets the error. */
  readonly entryRetries: number;
}

interface Pending<T> {
  readonly entry: T;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  retries: number;
}

/**
 * Coalesces single-message calls into batch calls: entries added within
 * `lingerMs` of each other go out together, up to `maxEntries` per call, at
 * once when that many are ready. Each `add` settles with its own entry's
 * result, not the call's: a failed entry in a successful call rejects that
 * entry's caller (after `entryRetries` for server faults), the others resolve.
 *
 * Entries with the same key (a receipt handle) are never in one call, nor in
 * two calls at once: SQS would apply them in any order, and a heartbeat could
 * then hide again a message just made visible. They go out in the order added.
 */
export class BatchCoalescer<T> {
  private pending: Pending<T>[] = [];
  /** Keys with an entry in a call that has not answered yet. */
  private readonly inCall = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sendBatch: (entries: readonly T[]) => Promise<readonly BatchEntryResult[]>,
    private readonly keyOf: (entry: T) => string,
    private readonly options: BatchCoalescerOptions,
  ) {}

  /** Entries waiting to be sent (not those in a call). */
  get waiting(): number {
    return this.pending.length;
  }

  add(entry: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, resolve, reject, retries: 0 });
      this.schedule();
    });
  }

  /** Sends every entry that can go now, without waiting for the linger. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) void this.send(batch);
  }

  private schedule(): void {
    if (this.pending.length >= this.options.maxEntries) return this.flush();
    if (!this.timer && this.pending.length > 0) {
      this.timer = setTimeout(() => this.flush(), this.options.lingerMs);
    }
  }

  /** Up to maxEntries pending entries, oldest first, at most one per key and none whose key is in a call. */
  private takeBatch(): Pending<T>[] {
    const batch: Pending<T>[] = [];
    const keys = new Set<string>();
    this.pending = this.pending.filter((p) => {
      const key = this.keyOf(p.entry);
      if (batch.length >= this.options.maxEntries || keys.has(key) || this.inCall.has(key)) return true;
      batch.push(p);
      keys.add(key);
      return false;
    });
    for (const key of keys) this.inCall.add(key);
    return batch;
  }

  private async send(batch: Pending<T>[]): Promise<void> {
    let results: readonly BatchEntryResult[] | undefined;
    let callError: Error | undefined;
    try {
      results = await this.sendBatch(batch.map((p) => p.entry));
    } catch (error) {
      callError = error instanceof Error ? error : new Error(String(error));
    }
    const retry: Pending<T>[] = [];
    batch.forEach((p, i) => {
      this.inCall.delete(this.keyOf(p.entry));
      if (callError) return p.reject(callError);
      const result: BatchEntryResult = results?.[i] ?? {
        ok: false,
        code: 'MissingEntryResult',
        message: 'SQS reported the entry neither successful nor failed',
        senderFault: false,
      };
      if (result.ok) return p.resolve();
      if (!result.senderFault && p.retries < this.options.entryRetries) {
        p.retries++;
        return retry.push(p);
      }
      p.reject(new BatchEntryError(result.code, result.message, result.senderFault));
    });
    // Retried entries go before later ones of the same key.
    this.pending.unshift(...retry);
    if (retry.length > 0) this.flush();
    else this.schedule();
  }
}

/**
 * Maps a batch answer (`Successful` and `Failed`, each entry naming the `Id` it
 * was sent with) back to the entries' positions; ids are the positions.
 */
export function entryResults(
  count: number,
  answer: {
    Successful?: readonly { Id?: string }[];
    Failed?: readonly { Id?: string; Code?: string; Message?: string; SenderFault?: boolean }[];
  },
): BatchEntryResult[] {
  const results = new Array<BatchEntryResult | undefined>(count).fill(undefined);
  for (const s of answer.Successful ?? []) results[Number(s.Id)] = { ok: true };
  for (const f of answer.Failed ?? []) {
    results[Number(f.Id)] = {
      ok: false,
      code: f.Code ?? 'UnknownError',
      message: f.Message ?? '',
      senderFault: f.SenderFault ?? false,
    };
  }
  return results.map(
    (r) => r ?? { ok: false, code: 'MissingEntryResult', message: 'not in the answer', senderFault: false },
  );
}
