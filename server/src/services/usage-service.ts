import type { UsageRepository, UsageRow } from '../db/usage-repository.ts';
import type { Clock } from './clock.ts';

export interface UsageReport {
  rows: UsageRow[];
  totalUsd: number;
  monthlyBudgetUsd: number | null;
  thisMonthUsd: number;
}

/** Estimated spend by user, model and month (seed NFR-5: under $50 a month). */
export class UsageService {
  private readonly options: { usage: UsageRepository; clock: Clock; monthlyBudgetUsd: number | null };

  constructor(options: { usage: UsageRepository; clock: Clock; monthlyBudgetUsd: number | null }) {
    this.options = options;
  }

  /** `userId` limits the report to one person; administrators see everyone. */
  async report(filter: { userId?: string; month?: string }): Promise<UsageReport> {
    const { usage, clock, monthlyBudgetUsd } = this.options;
    const rows = await usage.byUserModelAndMonth(filter);
    const totalMicro = rows.reduce((sum, row) => sum + Math.round(row.estimatedCostUsd * 1_000_000), 0);
    return {
      rows,
      totalUsd: totalMicro / 1_000_000,
      monthlyBudgetUsd,
      thisMonthUsd: await usage.monthSpendUsd(clock.now().slice(0, 7)),
    };
  }
}
