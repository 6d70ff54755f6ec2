export interface QueueAdmissionOptions {
  /** The exact number of unfinished jobs (a COUNT in the database). */
  countUnfinished: () => Promise<number>;
  maxQueue: number;
  /** The counted number is trusted for this long; jobs this process accepts meanwhile are added to it. */
  refreshMs: number;
  /** Milliseconds on a monotonic clock; tests pass their own. */
  nowMs?: () => number;
}

/**
 * Decides whether the queue has room for one more job without counting every unfinished job on every request:
 * at a thousand requests a second that COUNT (it grows with the queue) was the database's main work.
 *
 * The estimate is the last count plus the jobs this process accepted since. Jobs finishing only make it too high,
 * and a refusal is always confirmed by a fresh count, so one API process refuses exactly when a count per request
 * would. With several API processes, each learns of the others' jobs at the next refresh: together they may accept
 * up to `refreshMs` worth of their own traffic beyond `maxQueue`, a small overshoot of a soft limit.
 */
export class QueueAdmission {
  private readonly options: Required<QueueAdmissionOptions>;
  private counted: { unfinished: number; atMs: number } | undefined;
  private acceptedSinceCount = 0;
  private counting: Promise<number> | undefined;

  constructor(options: QueueAdmissionOptions) {
    this.options = { nowMs: () => performance.now(), ...options };
  }

  async hasRoom(): Promise<boolean> {
    const { maxQueue, refreshMs, nowMs } = this.options;
    if (this.counted && nowMs() - this.counted.atMs < refreshMs && this.counted.unfinished + this.acceptedSinceCount < maxQueue) {
      return true;
    }
    return (await this.count()) < maxQueue;
  }

  /** Call once the job is stored, so the estimate includes it until the next count. */
  accepted(): void {
    this.acceptedSinceCount += 1;
  }

  /** Counts afresh; requests arriving while a count runs share it. */
  private count(): Promise<number> {
    this.counting ??= (async () => {
      const acceptedBefore = this.acceptedSinceCount;
      try {
        const unfinished = await this.options.countUnfinished();
        // Jobs accepted while the count ran may or may not be in it; keeping them errs towards a fresh count.
        this.acceptedSinceCount -= acceptedBefore;
        this.counted = { unfinished, atMs: this.options.nowMs() };
        return unfinished;
      } finally {
        this.counting = undefined;
      }
    })();
    return this.counting;
  }
}
