import { sql } from 'kysely';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';

export interface UsageRow {
  userId: string;
  model: string;
  /** YYYY-MM, UTC */
  month: string;
  jobs: number;
  estimatedCostUsd: number;
}

/** Spend read from the jobs and trainings tables; timestamps are ISO text, so the month is their first seven characters. */
export class UsageRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async byUserModelAndMonth(filter: { userId?: string; month?: string }): Promise<UsageRow[]> {
    const month = sql<string>`substr(created_at, 1, 7)`;
    let query = this.database
      .selectFrom('jobs')
      .select([
        'user_id',
        'model',
        month.as('month'),
        (expression) => expression.fn.countAll<number>().as('jobs'),
        (expression) => expression.fn.sum<number>('estimated_cost_micro_usd').as('micro_usd'),
      ]);
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    if (filter.month) query = query.where('created_at', '>=', filter.month).where('created_at', '<', nextMonth(filter.month));
    const rows = await query.groupBy(['user_id', 'model', month]).execute();
    const jobRows = rows.map((row) => ({
      userId: row.user_id,
      model: row.model,
      month: row.month,
      jobs: Number(row.jobs),
      estimatedCostUsd: Number(row.micro_usd) / 1_000_000,
    }));
    return [...jobRows, ...(await this.trainingRows(filter))].sort(
      (a, b) => b.month.localeCompare(a.month) || a.userId.localeCompare(b.userId) || a.model.localeCompare(b.model),
    );
  }

  /** Trainings as rows of their own, `training:{trainer}`, counted as the budget counts them. */
  private async trainingRows(filter: { userId?: string; month?: string }): Promise<UsageRow[]> {
    const month = sql<string>`substr(created_at, 1, 7)`;
    let query = this.countedTrainings().select([
      'created_by',
      'trainer',
      month.as('month'),
      (expression) => expression.fn.countAll<number>().as('trainings'),
      (expression) => expression.fn.sum<number>('estimated_cost_micro_usd').as('micro_usd'),
    ]);
    if (filter.userId) query = query.where('created_by', '=', filter.userId);
    if (filter.month) query = query.where('created_at', '>=', filter.month).where('created_at', '<', nextMonth(filter.month));
    const rows = await query.groupBy(['created_by', 'trainer', month]).execute();
    return rows.map((row) => ({
      userId: row.created_by,
      model: `training:${row.trainer}`,
      month: row.month,
      jobs: Number(row.trainings),
      estimatedCostUsd: Number(row.micro_usd) / 1_000_000,
    }));
  }

  /** Trainings that cost something: all but those canceled before a provider took them. */
  private countedTrainings() {
    return this.database
      .selectFrom('trainings')
      .where((expression) => expression.or([expression('status', '!=', 'canceled'), expression('provider_request_id', 'is not', null)]));
  }

  /** Everyone's estimated spend in one month, images and trainings, for the budget check. */
  async monthSpendUsd(month: string): Promise<number> {
    const jobs = await this.database
      .selectFrom('jobs')
      .select((expression) => expression.fn.sum<number>('estimated_cost_micro_usd').as('micro_usd'))
      .where('created_at', '>=', month)
      .where('created_at', '<', nextMonth(month))
      .executeTakeFirst();
    const trainings = await this.countedTrainings()
      .select((expression) => expression.fn.sum<number>('estimated_cost_micro_usd').as('micro_usd'))
      .where('created_at', '>=', month)
      .where('created_at', '<', nextMonth(month))
      .executeTakeFirst();
    return (Number(jobs?.micro_usd ?? 0) + Number(trainings?.micro_usd ?? 0)) / 1_000_000;
  }
}

/** "2026-11" → "2026-12"; "2026-12" → "2027-01". Compared as text against ISO timestamps. */
export function nextMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
}
