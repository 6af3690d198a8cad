import { Presets, SingleBar } from 'cli-progress';

/**
 * What the bench prints while it runs: a line per step and a bar per timed
 * part. On a terminal the bar redraws in place; elsewhere (CI, the test
 * suite) cli-progress prints it as a plain line every few seconds.
 */
export class Progress {
  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  step(text: string): void {
    this.out.write(`› ${text}\n`);
  }

  note(text: string): void {
    this.out.write(`  ${text}\n`);
  }

  bar(label: string, total: number, unit: string): ProgressBar {
    const bar = new SingleBar(
      {
        format: `  ${label.padEnd(22)} [{bar}] {value}/{total} ${unit} {detail}`,
        barsize: 24,
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 3000,
        stream: this.out,
      },
      Presets.shades_classic,
    );
    bar.start(Math.max(1, Math.round(total)), 0, { detail: '' });
    return {
      update: (value, detail = '') => bar.update(Math.min(Math.round(value), bar.getTotal()), { detail }),
      stop: () => bar.stop(),
    };
  }

  /** A bar over `seconds` that ticks by itself while `work` runs; `detail` is polled each tick. */
  async timed<T>(
    label: string,
    seconds: number,
    work: Promise<T>,
    detail: () => Promise<string> | string,
  ): Promise<T> {
    const bar = this.bar(label, seconds, 's');
    const start = Date.now();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      Promise.resolve(detail())
        .catch(() => '')
        .then((text) => bar.update((Date.now() - start) / 1000, text))
        .finally(() => (busy = false));
    }, 500);
    try {
      return await work;
    } finally {
      clearInterval(timer);
      bar.update(seconds);
      bar.stop();
    }
  }
}

export interface ProgressBar {
  update(value: number, detail?: string): void;
  stop(): void;
}
