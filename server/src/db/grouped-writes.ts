interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes asked for in the same turn of the event loop (concurrent requests) go to the database as one
 * statement, and each caller's promise settles only when that statement has committed, so each write is as durable
 * as if it had gone alone. A group that fails is written again one by one, so one bad item fails only its own caller.
 */
export class GroupedWrites<T> {
  private readonly write: (items: T[]) => Promise<void>;
  private readonly maxGroup: number;
  private waiting: Waiting<T>[] = [];

  constructor(options: { write: (items: T[]) => Promise<void>; maxGroup: number }) {
    this.write = options.write;
    this.maxGroup = options.maxGroup;
  }

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (let start = 0; start < waiting.length; start += this.maxGroup) {
      void this.writeGroup(waiting.slice(start, start + this.maxGroup));
    }
  }

  private async writeGroup(group: Waiting<T>[]): Promise<void> {
    try {
      await this.write(group.map((waiting) => waiting.item));
      for (const waiting of group) waiting.resolve();
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      await Promise.all(group.map((waiting) => this.writeGroup([waiting])));
    }
  }
}
