/** Counts the event streams each user holds open, so one user cannot hold an unbounded number of connections. */
export interface OpenStreams {
  /** Counts a new stream of the user unless they already hold `max`; answers its release, or undefined when full. */
  open(userId: string, max: number): Promise<(() => void) | undefined>;
  close(): Promise<void>;
}

/** This process's streams only: enough for one process, and the fallback of the shared count while Redis is away. */
export class InMemoryOpenStreams implements OpenStreams {
  private readonly counts = new Map<string, number>();

  async open(userId: string, max: number): Promise<(() => void) | undefined> {
    return this.openNow(userId, max);
  }

  openNow(userId: string, max: number): (() => void) | undefined {
    const held = this.counts.get(userId) ?? 0;
    if (held >= max) return undefined;
    this.counts.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(userId) ?? 1) - 1;
      if (left > 0) this.counts.set(userId, left);
      else this.counts.delete(userId);
    };
  }

  async close(): Promise<void> {
    this.counts.clear();
  }
}
