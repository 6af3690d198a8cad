import { consumerName, initialReceiveWindows, RECEIVE_FILL_WAIT_MS } from './consumer-plan';
import { ReceiveWindow } from './receive-window';
import { SlotPool } from './slot-pool';

/**
 * The slot pool of one processor and each consumer's receive window, by
 * consumer name. Built before the consumers, whose first `batchSize` is their
 * window's first size.
 */
export class ConsumerSlots {
  readonly pool: SlotPool;
  readonly windows = new Map<string, ReceiveWindow>();

  constructor(concurrency: number, fillWaitMs = RECEIVE_FILL_WAIT_MS) {
    this.pool = new SlotPool(concurrency, fillWaitMs);
    initialReceiveWindows(concurrency).forEach((size, i) => {
      const window = new ReceiveWindow(this.pool);
      window.open(size);
      this.windows.set(consumerName(i), window);
    });
  }

  window(name: string): ReceiveWindow {
    const window = this.windows.get(name);
    if (!window) throw new Error(`no receive window for consumer ${name}`);
    return window;
  }
}
